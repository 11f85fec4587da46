import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { ConfigModule, loadConfig } from '@keel/platform-config';
import { RequestContextModule } from '@keel/platform-context';
import { CryptoModule, PasswordHasher } from '@keel/platform-crypto';
import { DatabaseModule, newId, platformDatabaseMigrations } from '@keel/platform-database';
import { MailModule } from '@keel/platform-mail';
import { ExpiringTables } from '@keel/platform-queue';
import { Users1764000000100 } from '../../../migrations/1764000000100-users';
import { Sessions1764000000200 } from '../../../migrations/1764000000200-sessions';
import { SignInThrottles1764000000400 } from '../../../migrations/1764000000400-sign-in-throttles';
import { AuditEvents1764000000500 } from '../../../migrations/1764000000500-audit-events';
import { UserTokens1764000000600 } from '../../../migrations/1764000000600-user-tokens';
import { RateLimitCounters1764000005900 } from '../../../migrations/1764000005900-rate-limit-counters';
import { EmailChangeTokens1764000006600 } from '../../../migrations/1764000006600-email-change-tokens';
import { Mfa1764000014500 } from '../../../migrations/1764000014500-mfa';
import { AccountDisabled1764000012050 } from '../../../migrations/1764000012050-account-disabled';
import { AccountAuditTrail1764000020100 } from '../../../migrations/1764000020100-account-audit-trail';
import { AuditChain1764000020110 } from '../../../migrations/1764000020110-audit-chain';
import { AccountAuditEvent } from '../../audit/account-audit-event.entity';
import { AuditEvent } from '../../audit/audit-event.entity';
import { AuditLog } from '../../audit/audit-log.service';
import { ActorContext } from '../../authentication/actor-context';
import { MailLinks } from '../../mail-links/mail-links';
import { PasswordConfirmation } from '../../account/password-confirmation';
import { PasswordsService } from '../../passwords/passwords.service';
import { RefreshToken } from '../../sessions/refresh-token.entity';
import { Session } from '../../sessions/session.entity';
import { SessionStateCache } from '../../sessions/session-state-cache';
import { SessionsService } from '../../sessions/sessions.service';
import { SignInThrottleEntry } from '../../sign-in-throttle/sign-in-throttle.entity';
import { SignInThrottle } from '../../sign-in-throttle/sign-in-throttle.service';
import { RateLimitCounter } from '../../rate-limits/rate-limit-counter.entity';
import { RateLimits } from '../../rate-limits/rate-limits.service';
import { emailKey } from '../../users/email-address';
import { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { EmailVerificationService } from '../email-verification.service';
import { UserToken } from '../../user-tokens/user-token.entity';
import { UserTokens } from '../../user-tokens/user-tokens.service';
import { IdentityConfig } from '../../identity-config';

/** For integration specs: what the mail flows need of the schema, in migration order. */
export const mailFlowMigrations = [
  ...platformDatabaseMigrations,
  Users1764000000100,
  Sessions1764000000200,
  SignInThrottles1764000000400,
  AuditEvents1764000000500,
  UserTokens1764000000600,
  RateLimitCounters1764000005900,
  EmailChangeTokens1764000006600,
  // Accounts can be disabled by platform operators; sessions carry their assurance level since MFA.
  AccountDisabled1764000012050,
  Mfa1764000014500,
  // Account events have a trail of their own, keyed by user.
  AccountAuditTrail1764000020100,
  // …both trails hash-chained.
  AuditChain1764000020110,
];

export const mailFlowEntities = [
  User,
  Session,
  RefreshToken,
  SignInThrottleEntry,
  RateLimitCounter,
  AuditEvent,
  AccountAuditEvent,
  UserToken,
];

export const TEST_APP_URL = 'https://app.keel.test';

/** For integration specs: a Nest context with the email verification and password services on a test database, mailing over SMTP. */
export async function startMailFlowsApp(
  databaseUrl: string,
  smtpUrl: string,
  environment: Record<string, string> = {},
): Promise<INestApplicationContext> {
  // No interval between link mails unless a spec asks for one: most specs mail the same user back to back.
  const configs = loadConfig({ APP_URL: TEST_APP_URL, LINK_MAIL_INTERVAL_SECONDS: '0', ...environment }, [
    IdentityConfig,
  ]);

  @Module({
    imports: [
      ConfigModule.forRoot(configs),
      RequestContextModule,
      DatabaseModule.forRoot({ url: databaseUrl, entities: mailFlowEntities }),
      CryptoModule,
      MailModule.forRoot({ smtpUrl, from: 'Keel <no-reply@keel.test>' }),
    ],
    providers: [
      ExpiringTables,
      ActorContext,
      AuditLog,
      UsersService,
      SessionStateCache,
      SessionsService,
      SignInThrottle,
      RateLimits,
      UserTokens,
      EmailVerificationService,
      PasswordsService,
      MailLinks,
      PasswordConfirmation,
    ],
  })
  class MailFlowsTestModule {}

  return NestFactory.createApplicationContext(MailFlowsTestModule, { logger: false });
}

/** A user row as sign-up leaves it: address not yet verified. */
export async function insertUser(app: INestApplicationContext, name: string, password: string): Promise<User> {
  const email = `${name.toLowerCase()}.${newId().slice(-12)}@example.com`;
  const user: User = {
    id: newId(),
    email,
    emailKey: emailKey(email),
    name,
    passwordHash: await app.get(PasswordHasher).hash(password),
    emailVerifiedAt: null,
    disabledAt: null,
    createdAt: new Date(),
    updatedAt: new Date(),
  };
  await app.get(DataSource).getRepository(User).insert(user);
  return user;
}
