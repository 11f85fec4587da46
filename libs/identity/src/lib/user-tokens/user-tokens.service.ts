import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomToken, sha256Hex } from '@keel/platform-crypto';
import { GlobalTables, newId } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { ExpiringTables } from '@keel/platform-queue';
import { USER_TOKEN_LIFETIME_SECONDS, UserTokenPurpose } from './user-token-purpose';

/** What a spent token was: whose, for what, and (an email change's) the address it was mailed to. */
export interface SpentUserToken {
  userId: string;
  purpose: UserTokenPurpose;
  email: string | null;
}

/**
 * Issues and spends the single-use tokens mailed to users. Only the SHA-256 of
 * a token is stored; at most one token per user and purpose is alive, so the
 * newest mail is the only one whose link works.
 */
@Injectable()
export class UserTokens implements OnModuleInit {
  constructor(
    private readonly globalTables: GlobalTables,
    private readonly expiring: ExpiringTables,
  ) {}

  onModuleInit(): void {
    this.expiring.register({ table: 'user_tokens', expiresAtColumn: 'expires_at' });
  }

  /**
   * A new 256-bit token for the user; the user's earlier unused tokens of this
   * purpose die with it. An `email_change` token carries the address it is
   * mailed to (`email`). Returns the token itself.
   */
  issue(userId: string, purpose: UserTokenPurpose, email: string | null = null): Promise<string> {
    return this.globalTables.runUnscoped(async () => {
      // Serialises issuing per user, so two requests at once cannot both leave a live token.
      // NO KEY UPDATE does not block the key-share locks that inserting sessions or tokens for the user take.
      await this.globalTables.manager.query('SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE', [userId]);
      await this.revokeUnused(userId, purpose);
      const token = randomToken();
      await this.globalTables.manager.query(
        `INSERT INTO user_tokens (id, user_id, purpose, token_hash, email, expires_at)
           VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
        [newId(), userId, purpose, sha256Hex(token), email, USER_TOKEN_LIFETIME_SECONDS[purpose]],
      );
      return token;
    });
  }

  /**
   * Spends a token inside the caller's transaction and returns whose it was.
   * One conditional UPDATE: of two requests presenting the same token at once,
   * only one finds it unused. Unknown, used, expired and other-purpose tokens
   * all get the same 400 TOKEN_INVALID.
   */
  async consume(token: string, purpose: UserTokenPurpose): Promise<string> {
    return (await this.consumeAny(token, [purpose])).userId;
  }

  /** Like `consume`, for a link that may carry a token of any of `purposes`: says which it was, and its address. */
  async consumeAny(token: string, purposes: readonly UserTokenPurpose[]): Promise<SpentUserToken> {
    const [rows]: [{ user_id: string; purpose: UserTokenPurpose; email: string | null }[], number] =
      await this.globalTables.manager.query(
        `UPDATE user_tokens SET used_at = now()
          WHERE token_hash = $1 AND purpose = ANY($2::text[]) AND used_at IS NULL AND expires_at > now()
          RETURNING user_id, purpose, email`,
        [sha256Hex(token), purposes],
      );
    const [row] = rows;
    if (!row) {
      throw new DomainError('TOKEN_INVALID', 'This link is unknown, already used or expired; ask for a new one.');
    }
    return { userId: row.user_id, purpose: row.purpose, email: row.email };
  }

  /** Whose live token this is, without spending it (a second sign-in step that may be retried); undefined if none. */
  async holderOf(token: string, purpose: UserTokenPurpose): Promise<string | undefined> {
    return (await this.liveToken(token, [purpose]))?.userId;
  }

  /** Like `holderOf`, for a token that may be of any of `purposes`: whose it is and which purpose. */
  async liveToken(
    token: string,
    purposes: readonly UserTokenPurpose[],
  ): Promise<{ userId: string; purpose: UserTokenPurpose } | undefined> {
    const rows: { user_id: string; purpose: UserTokenPurpose }[] = await this.globalTables.manager.query(
      `SELECT user_id, purpose FROM user_tokens
        WHERE token_hash = $1 AND purpose = ANY($2::text[]) AND used_at IS NULL AND expires_at > now()`,
      [sha256Hex(token), purposes],
    );
    const [row] = rows;
    return row ? { userId: row.user_id, purpose: row.purpose } : undefined;
  }

  /** Whether a token of this purpose was issued to the user less than `seconds` ago: its mail is still on its way. */
  async issuedWithin(userId: string, purpose: UserTokenPurpose, seconds: number): Promise<boolean> {
    if (seconds <= 0) return false;
    const rows: unknown[] = await this.globalTables.manager.query(
      `SELECT 1 FROM user_tokens
        WHERE user_id = $1 AND purpose = $2 AND created_at > now() - make_interval(secs => $3) LIMIT 1`,
      [userId, purpose, seconds],
    );
    return rows.length > 0;
  }

  /** Kills the user's unused tokens of a purpose, e.g. pending reset links once the password changed. */
  async revokeUnused(userId: string, purpose: UserTokenPurpose): Promise<void> {
    await this.globalTables.manager.query(
      'UPDATE user_tokens SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL',
      [userId, purpose],
    );
  }
}
