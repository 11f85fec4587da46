import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sha256Hex } from '@keel/platform-crypto';
import { pendingSchemaChanges } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { Mailer } from '@keel/platform-mail';
import { ExpiringTables, purgeExpiredRows } from '@keel/platform-queue';
import { createTestDatabase, TestDatabase } from '@keel/platform-testing';
import { User } from '../users/user.entity';
import { EmailVerificationService } from './email-verification.service';
import { UserTokens } from '../user-tokens/user-tokens.service';
import { insertUser, mailFlowMigrations, startMailFlowsApp, TEST_APP_URL } from './testing/mail-flows-app';
import { SmtpListener, startSmtpListener, tokenInMail } from '@keel/platform-testing';

describe('Email verification (PostgreSQL, real SMTP listener)', () => {
  let database: TestDatabase;
  let smtp: SmtpListener;
  let app: INestApplicationContext;
  let verification: EmailVerificationService;
  const password = 'correct horse battery staple';

  beforeAll(async () => {
    database = await createTestDatabase({ migrations: mailFlowMigrations });
    smtp = await startSmtpListener();
    app = await startMailFlowsApp(database.url, smtp.url);
    verification = app.get(EmailVerificationService);
  });

  afterAll(async () => {
    await app?.close();
    await smtp?.stop();
    await database?.drop();
  });

  async function mailedToken(user: User): Promise<string> {
    return tokenInMail(await smtp.nextMailTo(user.email), TEST_APP_URL, 'verify-email');
  }

  async function verifiedAt(user: User): Promise<Date | null> {
    const [row]: { email_verified_at: Date | null }[] = await database.dataSource.query(
      'SELECT email_verified_at FROM users WHERE id = $1',
      [user.id],
    );
    return row.email_verified_at;
  }

  async function codeOf(promise: Promise<unknown>): Promise<string> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof DomainError) return error.code;
      throw error;
    }
    throw new Error('expected a DomainError');
  }

  it('should mail a link to the web client whose token verifies the address', async () => {
    const ada = await insertUser(app, 'Ada', password);

    await verification.send(ada);
    const mail = await smtp.nextMailTo(ada.email);
    expect(mail.subject).toBe('Verify your email address');
    expect(mail.text).toContain(`${TEST_APP_URL}/verify-email?token=`);
    expect(mail.text).toContain('48 hours');
    await verification.verify(tokenInMail(mail, TEST_APP_URL, 'verify-email'));

    expect(await verifiedAt(ada)).toBeInstanceOf(Date);
    const audit: { action: string; actor_id: string }[] = await database.dataSource.query(
      'SELECT action, actor_id FROM account_audit_events WHERE user_id = $1',
      [ada.id],
    );
    expect(audit).toEqual([{ action: 'auth.email_verified', actor_id: ada.id }]);
  });

  it('should store only the SHA-256 of the token, expiring 48 hours ahead', async () => {
    const grace = await insertUser(app, 'Grace', password);

    await verification.send(grace);
    const token = await mailedToken(grace);

    const rows: { token_hash: string; purpose: string; hours: number }[] = await database.dataSource.query(
      `SELECT token_hash, purpose, round(extract(epoch FROM expires_at - created_at) / 3600)::int AS hours
         FROM user_tokens WHERE user_id = $1`,
      [grace.id],
    );
    expect(rows).toEqual([{ token_hash: sha256Hex(token), purpose: 'email_verification', hours: 48 }]);
    expect(JSON.stringify(await database.dataSource.query('SELECT * FROM user_tokens'))).not.toContain(token);
  });

  it('should refuse a token the second time with TOKEN_INVALID', async () => {
    const alan = await insertUser(app, 'Alan', password);
    await verification.send(alan);
    const token = await mailedToken(alan);

    await verification.verify(token);

    expect(await codeOf(verification.verify(token))).toBe('TOKEN_INVALID');
  });

  it('should let only one of two requests presenting the same token at once succeed', async () => {
    const mary = await insertUser(app, 'Mary', password);
    await verification.send(mary);
    const token = await mailedToken(mary);

    const outcomes = await Promise.allSettled([verification.verify(token), verification.verify(token)]);

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(rejected?.reason).toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('should leave one live token when two are issued at once', async () => {
    const hedy = await insertUser(app, 'Hedy', password);
    const tokens = app.get(UserTokens);

    await Promise.all([tokens.issue(hedy.id, 'email_verification'), tokens.issue(hedy.id, 'email_verification')]);

    const [{ live }]: { live: number }[] = await database.dataSource.query(
      'SELECT count(*)::int AS live FROM user_tokens WHERE user_id = $1 AND used_at IS NULL',
      [hedy.id],
    );
    expect(live).toBe(1);
  });

  it('should refuse an expired token with TOKEN_INVALID and leave the address unverified', async () => {
    const edsger = await insertUser(app, 'Edsger', password);
    await verification.send(edsger);
    const token = await mailedToken(edsger);
    await database.dataSource.query(
      `UPDATE user_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [edsger.id],
    );

    expect(await codeOf(verification.verify(token))).toBe('TOKEN_INVALID');
    expect(await verifiedAt(edsger)).toBeNull();
  });

  it('should refuse an unknown token with TOKEN_INVALID', async () => {
    expect(await codeOf(verification.verify('not-a-token-we-ever-sent'))).toBe('TOKEN_INVALID');
  });

  it('should kill the earlier link when a new one is sent', async () => {
    const barbara = await insertUser(app, 'Barbara', password);
    await verification.send(barbara);
    const first = await mailedToken(barbara);

    await verification.resend(barbara.id);
    const second = await mailedToken(barbara);

    expect(second).not.toBe(first);
    expect(await codeOf(verification.verify(first))).toBe('TOKEN_INVALID');
    expect(await verifiedAt(barbara)).toBeNull();
    await verification.verify(second);
    expect(await verifiedAt(barbara)).toBeInstanceOf(Date);
  });

  it('should send no mail when the address is already verified', async () => {
    const linus = await insertUser(app, 'Linus', password);
    await verification.send(linus);
    await verification.verify(await mailedToken(linus));
    const send = jest.spyOn(app.get(Mailer), 'send');

    try {
      await verification.resend(linus.id);
      expect(send).not.toHaveBeenCalled();
    } finally {
      send.mockRestore();
    }
  });

  it('should refuse a password reset token as a verification token', async () => {
    const ken = await insertUser(app, 'Ken', password);
    const resetToken = await app.get(UserTokens).issue(ken.id, 'password_reset');

    expect(await codeOf(verification.verify(resetToken))).toBe('TOKEN_INVALID');
  });

  it('should let housekeeping purge expired tokens and keep the live ones', async () => {
    const expired = await insertUser(app, 'Expired', password);
    const live = await insertUser(app, 'Live', password);
    await verification.send(expired);
    await verification.send(live);
    const expiredToken = await mailedToken(expired);
    const liveToken = await mailedToken(live);
    await database.dataSource.query(
      `UPDATE user_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [expired.id],
    );

    await purgeExpiredRows(database.dataSource, app.get(ExpiringTables));

    const tokensOf = async (user: User) =>
      (await database.dataSource.query('SELECT 1 FROM user_tokens WHERE user_id = $1', [user.id])).length;
    expect(await tokensOf(expired)).toBe(0);
    expect(await tokensOf(live)).toBe(1);
    expect(await codeOf(verification.verify(expiredToken))).toBe('TOKEN_INVALID');
    await verification.verify(liveToken);
    expect(await verifiedAt(live)).toBeInstanceOf(Date);
  });

  it('should describe user_tokens in the entity exactly as the migration creates it', async () => {
    const changes = await pendingSchemaChanges(app.get(DataSource));

    expect(changes.filter((query) => query.includes('user_tokens'))).toEqual([]);
  });
});
