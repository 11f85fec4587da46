import { Module } from '@nestjs/common';
import { JwksController } from './access-tokens/jwks.controller';
import { AccountAuditController } from './audit/account-audit.controller';
import { AuthController } from './auth/auth.controller';
import { EmailVerificationController } from './email-verification/email-verification.controller';
import { IdentityModule } from './identity.module';
import { MailPagesController } from './mail-pages/mail-pages.controller';
import { MfaController } from './mfa/mfa.controller';
import { OidcController } from './oidc/oidc.controller';
import { UserIdentitiesController } from './oidc/user-identities.controller';
import { PasswordsController } from './passwords/passwords.controller';
import { SessionsController } from './sessions/sessions.controller';

/**
 * Identity's routes: sign-up and sign-in (password and OpenID Providers), sessions, linked identities, the JWKS, email verification, passwords, the account's audit;
 * and the pages mailed links open when there is no web client (APP_URL unset).
 */
@Module({
  imports: [IdentityModule],
  controllers: [
    AuthController,
    SessionsController,
    JwksController,
    EmailVerificationController,
    PasswordsController,
    AccountAuditController,
    MailPagesController,
    MfaController,
    OidcController,
    UserIdentitiesController,
  ],
})
export class IdentityHttpModule {}
