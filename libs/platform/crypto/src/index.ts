export { PasswordHasher, OWASP_MINIMUM_ARGON2 } from './lib/password-hasher';
export type { Argon2Parameters } from './lib/password-hasher';
export { PasswordPolicy, PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH } from './lib/password-policy';
export { commonPasswords } from './lib/common-passwords';
export { randomToken, sha256Hex, safeEqual } from './lib/tokens';
export { canonicalJson, contentHash } from './lib/content-hash';
export {
  generateApiKey,
  parseApiKey,
  API_KEY_PREFIX,
  API_KEY_RANDOM_LENGTH,
  API_KEY_CHECKSUM_LENGTH,
} from './lib/api-key';
export type { ParsedApiKey } from './lib/api-key';
export { SecretBox } from './lib/secret-box';
export { SecretBoxError } from './lib/secret-box-error';
export type { SecretBoxErrorReason } from './lib/secret-box-error';
export { CryptoModule } from './lib/crypto.module';
export { loadMasterKey, checkMasterKeys } from './lib/master-key';
export type { MasterKeySource } from './lib/master-key';
export { MasterKeyError } from './lib/master-key-error';
export type { MasterKeySetting } from './lib/master-key-error';
export { masterKeyId } from './lib/master-key-id';
export type { SealedColumn, SealedColumnRow } from './lib/sealed-column';
