import { Global, Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';
import { PasswordPolicy } from './password-policy';

/**
 * Makes PasswordHasher (OWASP-minimum argon2id) and PasswordPolicy injectable
 * everywhere. SecretBox is not provided here: its key comes from configuration,
 * so the context that owns that key builds it.
 */
@Global()
@Module({
  providers: [{ provide: PasswordHasher, useValue: new PasswordHasher() }, PasswordPolicy],
  exports: [PasswordHasher, PasswordPolicy],
})
export class CryptoModule {}
