export { IdentityModule } from './lib/identity.module';
export { IdentityHttpModule } from './lib/identity-http.module';
export { IdentityConfig } from './lib/identity-config';
export { RequestLimitsConfig, RATE_LIMIT_STORES } from './lib/request-limits/request-limits-config';
export type { RateLimitStore } from './lib/request-limits/request-limits-config';
export { RequestLimits, RATE_LIMIT_WINDOW_SECONDS } from './lib/request-limits/request-limits';
export type { LimitedBucket } from './lib/request-limits/request-limits';
export { RATE_LIMIT_HEADER, RATE_LIMIT_POLICY_HEADER } from './lib/request-limits/rate-limit-headers';
export {
  identityEntities,
  identityMigrations,
  identityMigrationsAfterTenancy,
  identitySealedColumns,
} from './lib/identity-schema';
export type { Actor, UserActor, ApiKeyActor, AutomationActor } from './lib/authentication/actor';
export { actorReference } from './lib/authentication/actor';
export { ActorReferenceResponse } from './lib/authentication/actor-reference.response';
export { ActorContext } from './lib/authentication/actor-context';
export { PeopleOnly } from './lib/authentication/people-only.decorator';
export { Public, PUBLIC_ROUTE } from '@keel/platform-context';
export { UsersService } from './lib/users/users.service';
export { UserResponse } from './lib/users/user.response';
export { emailKey } from './lib/users/email-address';
export { SessionsService } from './lib/sessions/sessions.service';
export { AuditLog } from './lib/audit/audit-log.service';
export type { AuditEntry, AccountAuditEntry } from './lib/audit/audit-log.service';
export { AuditEventResponse } from './lib/audit/audit-event.response';
export { AuditEventListResponse } from './lib/audit/audit-event-list.response';
export { AuditChainVerifier } from './lib/audit/audit-chain-verifier';
export type { AuditChainVerification } from './lib/audit/audit-chain-verifier';
export { AuditChainVerificationResponse } from './lib/audit/audit-chain-verification.response';
export { AuditChainAnchors } from './lib/audit/audit-chain-anchors';
export { AUDIT_CHAIN_GENESIS, canonicalForm, chainHash } from './lib/audit/audit-chain';
export type { AuditChainKey, ChainedAuditRow } from './lib/audit/audit-chain';
export { ApiKeysService } from './lib/api-keys/api-keys.service';
export type { NewApiKey } from './lib/api-keys/api-keys.service';
export { ApiKeyResponse, CreatedApiKeyResponse } from './lib/api-keys/api-key.response';
export { AccessTokens, DELEGATED_TOKEN_MAX_SECONDS } from './lib/access-tokens/access-tokens.service';
export { ImpersonatedRequests } from './lib/authentication/impersonated-requests';
export type { ImpersonatedRequest } from './lib/authentication/impersonated-requests';
export type { AccessTokenSubject, IssuedAccessToken } from './lib/access-tokens/access-tokens.service';
export { SigningKeys } from './lib/access-tokens/signing-keys.service';
export { PublishedKeys } from './lib/access-tokens/published-keys';
export type { PublicSigningJwk } from './lib/access-tokens/signing-key.entity';
export { RateLimits, HOUR_SECONDS, DAY_SECONDS } from './lib/rate-limits/rate-limits.service';
export type { RateLimit } from './lib/rate-limits/rate-limits.service';
export { MailLinks, MAILED_PAGES } from './lib/mail-links/mail-links';
export type { MailedPage } from './lib/mail-links/mail-links';
export { mailRecipientLimit } from './lib/rate-limits/mail-recipient-limit';
export { PasswordConfirmation } from './lib/account/password-confirmation';
export { EmailChangeRequests } from './lib/account/email-change-requests';
export { AccountErasure } from './lib/account/account-erasure';
export { AccountProfile } from './lib/account/account-profile';
export { SessionRecordResponse } from './lib/sessions/session.response';
export { MfaService } from './lib/mfa/mfa.service';
export type { AssuranceLevel, Assurance } from './lib/sessions/assurance';
export { STEP_UP_MAX_AGE_SECONDS } from './lib/sessions/assurance';
export { StepUpPolicy } from './lib/mfa/step-up-policy';
export { RequireStepUp, STEP_UP_ROUTE } from './lib/mfa/require-step-up.decorator';
