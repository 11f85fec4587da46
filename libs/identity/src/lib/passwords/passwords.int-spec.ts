import { INestApplicationContext } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { PasswordHasher } from '@keel/platform-crypto';
import { SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { Mailer } from '@keel/platform-mail';
import { createTestDatabase, TestDatabase } from '@keel/platform-testing';
import {
  insertUser,
  mailFlowMigrations,
  startMailFlowsApp,
  TEST_APP_URL,
} from '../email-verification/testing/mail-flows-app';
import { SmtpListener, startSmtpListener, tokenInMail } from '@keel/platform-testing';
import { UserTokens } from '../user-tokens/user-tokens.service';
import { SessionsService } from '../sessions/sessions.service';
import { User } from '../users/user.entity';
import { PasswordsService } from './passwords.service';

describe('Passwords: forgot, reset, change (PostgreSQL, real SMTP listener)', () => {
  let database: TestDatabase;
  let smtp: SmtpListener;
  let app: INestApplicationContext;
  let passwords: PasswordsService;
  const oldPassword = 'correct horse battery staple';
  const newPassword = 'tr0ubadour and a l0ng l1ne';

  beforeAll(async () => {
    database = await createTestDatabase({ migrations: mailFlowMigrations });
    smtp = await startSmtpListener();
    app = await startMailFlowsApp(database.url, smtp.url);
    passwords = app.get(PasswordsService);
  });

  afterAll(async () => {
    await app?.close();
    await smtp?.stop();
    await database?.drop();
  });

  async function errorOf(promise: Promise<unknown>): Promise<DomainError> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
    throw new Error('expected a DomainError');
  }

  async function signIn(user: User): Promise<string> {
    const txHost = app.get<TransactionHost<SafeTypeOrmTransactionalAdapter>>(TransactionHost);
    const { session } = await txHost.withTransaction(() => app.get(SessionsService).create(user.id));
    return session.id;
  }

  async function sessionStates(user: User): Promise<Record<string, string | null>> {
    const rows: { id: string; revoked_reason: string | null }[] = await database.dataSource.query(
      'SELECT id, revoked_reason FROM sessions WHERE user_id = $1',
      [user.id],
    );
    return Object.fromEntries(rows.map((row) => [row.id, row.revoked_reason]));
  }

  async function passwordWorks(user: User, password: string): Promise<boolean> {
    const [row]: { password_hash: string }[] = await database.dataSource.query(
      'SELECT password_hash FROM users WHERE id = $1',
      [user.id],
    );
    return app.get(PasswordHasher).verify(row.password_hash, password);
  }

  async function auditActions(user: User): Promise<string[]> {
    const rows: { action: string }[] = await database.dataSource.query(
      'SELECT action FROM account_audit_events WHERE user_id = $1 ORDER BY occurred_at, id',
      [user.id],
    );
    return rows.map((row) => row.action);
  }

  async function forgotAndReadToken(user: User): Promise<string> {
    await passwords.forgot(user.email);
    return tokenInMail(await smtp.nextMailTo(user.email), TEST_APP_URL, 'reset-password');
  }

  describe('forgot', () => {
    it('should send nothing and answer normally for an address without an account', async () => {
      const send = jest.spyOn(app.get(Mailer), 'send');
      try {
        await expect(passwords.forgot('nobody-here@example.com')).resolves.toBeUndefined();
        expect(send).not.toHaveBeenCalled();
      } finally {
        send.mockRestore();
      }
      const [{ count }]: { count: number }[] = await database.dataSource.query(
        `SELECT count(*)::int AS count FROM user_tokens WHERE purpose = 'password_reset'`,
      );
      expect(count).toBe(0);
    });

    it('should mail a reset link expiring in an hour, whatever the case of the address typed', async () => {
      const ada = await insertUser(app, 'Ada', oldPassword);

      await passwords.forgot(`  ${ada.email.toUpperCase()} `);

      const mail = await smtp.nextMailTo(ada.email);
      expect(mail.subject).toBe('Reset your password');
      expect(mail.text).toContain(`${TEST_APP_URL}/reset-password?token=`);
      expect(mail.text).toContain('1 hour');
      const [{ minutes }]: { minutes: number }[] = await database.dataSource.query(
        `SELECT round(extract(epoch FROM expires_at - created_at) / 60)::int AS minutes
           FROM user_tokens WHERE user_id = $1 AND purpose = 'password_reset'`,
        [ada.id],
      );
      expect(minutes).toBe(60);
    });

    it('should kill the earlier reset link when another is asked for', async () => {
      const grace = await insertUser(app, 'Grace', oldPassword);
      const first = await forgotAndReadToken(grace);
      const second = await forgotAndReadToken(grace);

      expect((await errorOf(passwords.reset(first, newPassword))).code).toBe('TOKEN_INVALID');
      await passwords.reset(second, newPassword);
      expect(await passwordWorks(grace, newPassword)).toBe(true);
    });
  });

  describe('with LINK_MAIL_INTERVAL_SECONDS set', () => {
    let limited: INestApplicationContext;

    beforeAll(async () => {
      limited = await startMailFlowsApp(database.url, smtp.url, { LINK_MAIL_INTERVAL_SECONDS: '60' });
    });

    afterAll(async () => {
      await limited?.close();
    });

    it('should send one reset mail per interval however often it is asked for, and keep that link working', async () => {
      const alice = await insertUser(app, 'Alice', oldPassword);
      const limitedPasswords = limited.get(PasswordsService);

      await limitedPasswords.forgot(alice.email);
      const token = tokenInMail(await smtp.nextMailTo(alice.email), TEST_APP_URL, 'reset-password');
      await limitedPasswords.forgot(alice.email);
      await limitedPasswords.forgot(alice.email);

      await expect(smtp.nextMailTo(alice.email, 500)).rejects.toThrow(/No mail/);
      await limitedPasswords.reset(token, newPassword);
      expect(await passwordWorks(alice, newPassword)).toBe(true);
    });

    it('should send the link when the queue tries again after the mail server was away, interval or not', async () => {
      const barbara = await insertUser(app, 'Barbara', oldPassword);
      // Nothing listens on port 1: the first attempt cannot hand the mail over.
      const serverAway = await startMailFlowsApp(database.url, 'smtp://127.0.0.1:1', {
        LINK_MAIL_INTERVAL_SECONDS: '60',
      });
      try {
        await expect(serverAway.get(PasswordsService).forgot(barbara.email)).rejects.toThrow();
      } finally {
        await serverAway.close();
      }

      await limited.get(PasswordsService).forgot(barbara.email);
      const token = tokenInMail(await smtp.nextMailTo(barbara.email), TEST_APP_URL, 'reset-password');
      await limited.get(PasswordsService).reset(token, newPassword);
      expect(await passwordWorks(barbara, newPassword)).toBe(true);
    });
  });

  describe('reset', () => {
    it('should set the new password, end every session, verify the address and record it', async () => {
      const alan = await insertUser(app, 'Alan', oldPassword);
      const laptop = await signIn(alan);
      const phone = await signIn(alan);
      const token = await forgotAndReadToken(alan);

      await passwords.reset(token, newPassword);

      expect(await passwordWorks(alan, oldPassword)).toBe(false);
      expect(await passwordWorks(alan, newPassword)).toBe(true);
      expect(await sessionStates(alan)).toEqual({ [laptop]: 'password_reset', [phone]: 'password_reset' });
      const [{ email_verified_at }]: { email_verified_at: Date | null }[] = await database.dataSource.query(
        'SELECT email_verified_at FROM users WHERE id = $1',
        [alan.id],
      );
      expect(email_verified_at).toBeInstanceOf(Date);
      expect(await auditActions(alan)).toEqual(['auth.password_reset']);
    });

    it('should accept a token once', async () => {
      const edsger = await insertUser(app, 'Edsger', oldPassword);
      const token = await forgotAndReadToken(edsger);
      await passwords.reset(token, newPassword);

      expect((await errorOf(passwords.reset(token, 'another long passphrase here'))).code).toBe('TOKEN_INVALID');
      expect(await passwordWorks(edsger, newPassword)).toBe(true);
    });

    it('should refuse an expired token and keep the old password and sessions', async () => {
      const barbara = await insertUser(app, 'Barbara', oldPassword);
      const laptop = await signIn(barbara);
      const token = await forgotAndReadToken(barbara);
      await database.dataSource.query(
        `UPDATE user_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
        [barbara.id],
      );

      expect((await errorOf(passwords.reset(token, newPassword))).code).toBe('TOKEN_INVALID');
      expect(await passwordWorks(barbara, oldPassword)).toBe(true);
      expect(await sessionStates(barbara)).toEqual({ [laptop]: null });
    });

    it('should refuse a password the policy rejects and leave the link usable', async () => {
      const linus = await insertUser(app, 'Linus', oldPassword);
      const token = await forgotAndReadToken(linus);

      const refused = await errorOf(passwords.reset(token, 'short'));
      expect(refused.code).toBe('VALIDATION_FAILED');
      expect(refused.options.errors?.map((error) => error.field)).toContain('password');

      await passwords.reset(token, newPassword);
      expect(await passwordWorks(linus, newPassword)).toBe(true);
    });

    it('should refuse an email verification token', async () => {
      const ken = await insertUser(app, 'Ken', oldPassword);
      const verificationToken = await app.get(UserTokens).issue(ken.id, 'email_verification');

      expect((await errorOf(passwords.reset(verificationToken, newPassword))).code).toBe('TOKEN_INVALID');
      expect(await passwordWorks(ken, oldPassword)).toBe(true);
    });
  });

  describe('change', () => {
    it('should refuse a wrong current password with PASSWORD_INCORRECT and change nothing', async () => {
      const margaret = await insertUser(app, 'Margaret', oldPassword);
      const current = await signIn(margaret);
      const other = await signIn(margaret);

      const refused = await errorOf(
        passwords.change({ userId: margaret.id, sessionId: current }, { currentPassword: 'wrong guess', newPassword }),
      );

      expect(refused.code).toBe('PASSWORD_INCORRECT');
      expect(refused.status).toBe(403);
      expect(await passwordWorks(margaret, oldPassword)).toBe(true);
      expect(await sessionStates(margaret)).toEqual({ [current]: null, [other]: null });
      expect(await auditActions(margaret)).toEqual(['auth.password_change_failed']);
    });

    it('should end every other session but keep the current one', async () => {
      const donald = await insertUser(app, 'Donald', oldPassword);
      const current = await signIn(donald);
      const laptop = await signIn(donald);
      const phone = await signIn(donald);

      await passwords.change({ userId: donald.id, sessionId: current }, { currentPassword: oldPassword, newPassword });

      expect(await passwordWorks(donald, newPassword)).toBe(true);
      expect(await passwordWorks(donald, oldPassword)).toBe(false);
      expect(await sessionStates(donald)).toEqual({
        [current]: null,
        [laptop]: 'password_changed',
        [phone]: 'password_changed',
      });
      expect(await auditActions(donald)).toEqual(['auth.password_changed']);
    });

    it('should name newPassword when the policy refuses it', async () => {
      const frances = await insertUser(app, 'Frances', oldPassword);
      const current = await signIn(frances);

      const refused = await errorOf(
        passwords.change(
          { userId: frances.id, sessionId: current },
          { currentPassword: oldPassword, newPassword: 'password' },
        ),
      );

      expect(refused.code).toBe('VALIDATION_FAILED');
      expect(refused.options.errors?.map((error) => error.field)).toEqual(expect.arrayContaining(['newPassword']));
      expect(await passwordWorks(frances, oldPassword)).toBe(true);
    });

    it('should kill a reset link mailed before the change', async () => {
      const john = await insertUser(app, 'John', oldPassword);
      const current = await signIn(john);
      const token = await forgotAndReadToken(john);

      await passwords.change({ userId: john.id, sessionId: current }, { currentPassword: oldPassword, newPassword });

      expect((await errorOf(passwords.reset(token, 'another long passphrase here'))).code).toBe('TOKEN_INVALID');
      expect(await passwordWorks(john, newPassword)).toBe(true);
    });
  });
});
