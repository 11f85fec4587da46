import { DynamicModule, Global, Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';
import { PasswordPolicy } from './password-policy';
import { SecretBox } from './secret-box';

/**
 * Makes PasswordHasher (OWASP-minimum argon2id) and PasswordPolicy injectable
 * everywhere. `forRoot` adds the SecretBox under the master keys (the current
 * one and any previous ones), which the process loads from configuration at
 * start-up (loadMasterKey).
 */
@Global()
@Module({
  providers: [{ provide: PasswordHasher, useValue: new PasswordHasher() }, PasswordPolicy],
  exports: [PasswordHasher, PasswordPolicy],
})
export class CryptoModule {
  static forRoot(options: { masterKey: SecretBox }): DynamicModule {
    return {
      module: CryptoModule,
      providers: [{ provide: SecretBox, useValue: options.masterKey }],
      exports: [SecretBox],
    };
  }
}
