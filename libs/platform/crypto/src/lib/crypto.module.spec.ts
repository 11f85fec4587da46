import { NestFactory } from '@nestjs/core';
import { CryptoModule } from './crypto.module';
import { PasswordHasher } from './password-hasher';
import { PasswordPolicy } from './password-policy';

describe('CryptoModule', () => {
  it('should provide the password hasher and policy', async () => {
    const app = await NestFactory.createApplicationContext(CryptoModule, { logger: false });
    try {
      expect(app.get(PasswordHasher).parameters).toEqual({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
      expect(app.get(PasswordPolicy).check('password123')).not.toEqual([]);
    } finally {
      await app.close();
    }
  });
});
