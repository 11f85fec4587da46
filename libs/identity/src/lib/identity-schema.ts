import type { SealedColumn } from '@keel/platform-crypto';
import { SigningKey } from './access-tokens/signing-key.entity';
import { signingKeySealedColumn } from './access-tokens/signing-key-sealing';
import { ApiKey } from './api-keys/api-key.entity';
import { AccountAuditEvent } from './audit/account-audit-event.entity';
import { AuditChainAnchor } from './audit/audit-chain-anchor.entity';
import { AuditEvent } from './audit/audit-event.entity';
import { UserToken } from './user-tokens/user-token.entity';
import { RefreshToken } from './sessions/refresh-token.entity';
import { Session } from './sessions/session.entity';
import { SignInThrottleEntry } from './sign-in-throttle/sign-in-throttle.entity';
import { RateLimitCounter } from './rate-limits/rate-limit-counter.entity';
import { RequestBucket } from './request-limits/request-bucket.entity';
import { IdempotencyRecord } from './idempotency/idempotency-record.entity';
import {
  idempotentRequestSealedColumn,
  idempotentResponseSealedColumn,
} from './idempotency/idempotent-response-sealing';
import { User } from './users/user.entity';
import { TotpFactor } from './mfa/totp-factor.entity';
import { RecoveryCode } from './mfa/recovery-code.entity';
import { totpSecretSealedColumn } from './mfa/totp-sealing';
import { Mfa1764000014500 } from '../migrations/1764000014500-mfa';
import { AuditRetention1764000017600 } from '../migrations/1764000017600-audit-retention';
import { AccountAuditTrail1764000020100 } from '../migrations/1764000020100-account-audit-trail';
import { AuditChain1764000020110 } from '../migrations/1764000020110-audit-chain';
import { OidcSignIn1764000016100 } from '../migrations/1764000016100-oidc-sign-in';
import { OidcAuthorizationRequest } from './oidc/oidc-authorization-request.entity';
import { oidcRequestSecretsSealedColumn } from './oidc/oidc-request-sealing';
import { UserIdentity } from './oidc/user-identity.entity';
import { AccountDisabled1764000012050 } from '../migrations/1764000012050-account-disabled';
import { Users1764000000100 } from '../migrations/1764000000100-users';
import { Sessions1764000000200 } from '../migrations/1764000000200-sessions';
import { SigningKeys1764000000300 } from '../migrations/1764000000300-signing-keys';
import { SignInThrottles1764000000400 } from '../migrations/1764000000400-sign-in-throttles';
import { AuditEvents1764000000500 } from '../migrations/1764000000500-audit-events';
import { UserTokens1764000000600 } from '../migrations/1764000000600-user-tokens';
import { ApiKeys1764000001200 } from '../migrations/1764000001200-api-keys';
import { IdempotencyKeys1764000005200 } from '../migrations/1764000005200-idempotency-keys';
import { IdempotencyRequestSealed1764000005800 } from '../migrations/1764000005800-idempotency-request-sealed';
import { RateLimitCounters1764000005900 } from '../migrations/1764000005900-rate-limit-counters';
import { RequestBuckets1764000020200 } from '../migrations/1764000020200-request-buckets';
import { EmailChangeTokens1764000006600 } from '../migrations/1764000006600-email-change-tokens';

/** The identity context's tables. */
export const identityEntities = [
  User,
  Session,
  RefreshToken,
  SigningKey,
  SignInThrottleEntry,
  RateLimitCounter,
  RequestBucket,
  AuditEvent,
  AccountAuditEvent,
  AuditChainAnchor,
  UserToken,
  ApiKey,
  IdempotencyRecord,
  TotpFactor,
  RecoveryCode,
  OidcAuthorizationRequest,
  UserIdentity,
];

/** Identity's migrations before the tenancy context's… */
export const identityMigrations = [
  Users1764000000100,
  Sessions1764000000200,
  SigningKeys1764000000300,
  SignInThrottles1764000000400,
  AuditEvents1764000000500,
  UserTokens1764000000600,
];

/** …and after them: API keys belong to workspaces; idempotency keys, the abuse limits, email changes, MFA and OIDC sign-in came later; the account trail was split from the workspace trail and both hash-chained, then the request rate limits' buckets. */
export const identityMigrationsAfterTenancy = [
  ApiKeys1764000001200,
  IdempotencyKeys1764000005200,
  IdempotencyRequestSealed1764000005800,
  RateLimitCounters1764000005900,
  EmailChangeTokens1764000006600,
  AccountDisabled1764000012050,
  Mfa1764000014500,
  OidcSignIn1764000016100,
  AuditRetention1764000017600,
  AccountAuditTrail1764000020100,
  AuditChain1764000020110,
  RequestBuckets1764000020200,
];

/** Identity's columns sealed under the master key, re-sealed by `crypto:rotate`. */
export const identitySealedColumns: SealedColumn[] = [
  signingKeySealedColumn,
  idempotentResponseSealedColumn,
  idempotentRequestSealedColumn,
  totpSecretSealedColumn,
  oidcRequestSecretsSealedColumn,
];
