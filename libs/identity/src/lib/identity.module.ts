import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AccountErasure } from './account/account-erasure';
import { AccountProfile } from './account/account-profile';
import { EmailChangeRequests } from './account/email-change-requests';
import { PasswordConfirmation } from './account/password-confirmation';
import { AccessTokens } from './access-tokens/access-tokens.service';
import { PublishedKeys } from './access-tokens/published-keys';
import { SigningKeys } from './access-tokens/signing-keys.service';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AuditRetentionJob } from './audit/audit-retention.job';
import { AuditAnchoringJob } from './audit/audit-anchoring.job';
import { AuditChainAnchors } from './audit/audit-chain-anchors';
import { AuditChainVerifier } from './audit/audit-chain-verifier';
import { AuditLog } from './audit/audit-log.service';
import { AuthService } from './auth/auth.service';
import { ActorContext } from './authentication/actor-context';
import { AuthenticationGuard } from './authentication/authentication.guard';
import { BearerStrategy } from './authentication/bearer.strategy';
import { ImpersonatedRequests } from './authentication/impersonated-requests';
import { EmailVerificationService } from './email-verification/email-verification.service';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyKeys } from './idempotency/idempotency-keys.service';
import { MailLinks } from './mail-links/mail-links';
import { MfaService } from './mfa/mfa.service';
import { StepUpPolicy } from './mfa/step-up-policy';
import { RateLimits } from './rate-limits/rate-limits.service';
import { MemoryRequestBuckets } from './request-limits/memory-request-buckets';
import { PostgresRequestBuckets } from './request-limits/postgres-request-buckets';
import { RequestBuckets } from './request-limits/request-buckets';
import { RequestLimitGuard } from './request-limits/request-limit.guard';
import { RequestLimits } from './request-limits/request-limits';
import { RequestLimitsConfig } from './request-limits/request-limits-config';
import { PasswordResetRequests } from './passwords/password-reset-requests';
import { PasswordsService } from './passwords/passwords.service';
import { SessionStateCache } from './sessions/session-state-cache';
import { SessionsService } from './sessions/sessions.service';
import { SignInThrottle } from './sign-in-throttle/sign-in-throttle.service';
import { UsersService } from './users/users.service';
import { UserTokens } from './user-tokens/user-tokens.service';
import { OidcClients } from './oidc/oidc-clients';
import { OidcSignIn } from './oidc/oidc-sign-in.service';
import { UserIdentities } from './oidc/user-identities.service';

/**
 * Accounts, sessions, access tokens, API keys and the audit log, without
 * routes (those are IdentityHttpModule's). Installs the global authentication
 * guard: every route of the app needs a bearer credential unless it is
 * `@Public()`; the global request rate limit guard after it; and the global
 * Idempotency-Key interceptor for authenticated POSTs.
 */
@Module({
  imports: [PassportModule],
  providers: [
    UsersService,
    SessionsService,
    SessionStateCache,
    SigningKeys,
    PublishedKeys,
    AccessTokens,
    SignInThrottle,
    RateLimits,
    MemoryRequestBuckets,
    PostgresRequestBuckets,
    {
      provide: RequestBuckets,
      inject: [RequestLimitsConfig, MemoryRequestBuckets, PostgresRequestBuckets],
      useFactory: (config: RequestLimitsConfig, memory: MemoryRequestBuckets, postgres: PostgresRequestBuckets) =>
        config.RATE_LIMIT_STORE === 'postgres' ? postgres : memory,
    },
    RequestLimits,
    AuthService,
    AuditLog,
    AuditRetentionJob,
    AuditChainAnchors,
    AuditAnchoringJob,
    AuditChainVerifier,
    ApiKeysService,
    ActorContext,
    BearerStrategy,
    ImpersonatedRequests,
    EmailVerificationService,
    PasswordsService,
    PasswordResetRequests,
    UserTokens,
    IdempotencyKeys,
    MailLinks,
    PasswordConfirmation,
    EmailChangeRequests,
    AccountErasure,
    AccountProfile,
    MfaService,
    StepUpPolicy,
    OidcClients,
    OidcSignIn,
    UserIdentities,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    // After authentication (global guards run in the order they are provided): the caller is known.
    { provide: APP_GUARD, useClass: RequestLimitGuard },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
  exports: [
    UsersService,
    SessionsService,
    AuditLog,
    // For GET …/audit-events/verify (tenancy), and the anchoring of the chains.
    AuditChainVerifier,
    AuditChainAnchors,
    ApiKeysService,
    ActorContext,
    MailLinks,
    // For closing an account and the /v1/me routes (tenancy).
    PasswordConfirmation,
    EmailChangeRequests,
    AccountErasure,
    AccountProfile,
    // For the workspace MFA policy (tenancy) and step-up.
    MfaService,
    StepUpPolicy,
    // For impersonation (admin): its tokens and the audit of each of its requests.
    AccessTokens,
    ImpersonatedRequests,
    // For IdentityHttpModule's controllers.
    AuthService,
    SigningKeys,
    PublishedKeys,
    EmailVerificationService,
    PasswordsService,
    PasswordResetRequests,
    RateLimits,
    // For the workspace's bucket (tenancy's workspace guard).
    RequestLimits,
    OidcSignIn,
    UserIdentities,
  ],
})
export class IdentityModule {}
