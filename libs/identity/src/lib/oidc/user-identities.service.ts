import { Injectable } from '@nestjs/common';
import { GlobalTables, newId } from '@keel/platform-database';
import { DomainError, notFound } from '@keel/platform-errors';
import { AuditLog } from '../audit/audit-log.service';
import { UsersService } from '../users/users.service';
import { UserIdentity } from './user-identity.entity';

/** An account's links to OpenID Provider subjects: found at sign-in, listed and removed by their owner. */
@Injectable()
export class UserIdentities {
  constructor(
    private readonly globalTables: GlobalTables,
    private readonly users: UsersService,
    private readonly audit: AuditLog,
  ) {}

  private get repository() {
    return this.globalTables.manager.getRepository(UserIdentity);
  }

  /** The link of this provider subject, if any, marked used now. */
  async touch(provider: string, subject: string, email: string | null): Promise<UserIdentity | null> {
    const [rows]: [UserIdentity[], number] = await this.globalTables.manager.query(
      `UPDATE user_identities SET last_used_at = now(), email = coalesce($3, email)
        WHERE provider = $1 AND subject = $2
        RETURNING id, user_id AS "userId"`,
      [provider, subject, email],
    );
    return rows[0] ?? null;
  }

  /** Links a provider subject to the account, inside the caller's transaction. */
  async link(userId: string, provider: string, subject: string, email: string | null): Promise<UserIdentity> {
    const identity: UserIdentity = {
      id: newId(),
      userId,
      provider,
      subject,
      email,
      createdAt: new Date(),
      lastUsedAt: new Date(),
    };
    await this.repository.insert(identity);
    return identity;
  }

  list(userId: string): Promise<UserIdentity[]> {
    return this.repository.find({ where: { userId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /**
   * Removes one of the caller's links. 404 for an id that is not theirs;
   * 409 LAST_SIGN_IN_METHOD when the account has no password and this is its
   * only link, since it could then never sign in again.
   */
  async unlink(userId: string, identityId: string): Promise<void> {
    const removed = await this.globalTables.runUnscoped(async () => {
      // Locked so two removals at once cannot each see the other link and leave none.
      const user = await this.users.lock(userId);
      if (!user) throw new DomainError('UNAUTHENTICATED', 'The account of this session no longer exists.');
      const identities = await this.list(userId);
      const identity = identities.find((candidate) => candidate.id === identityId);
      if (!identity) throw notFound('Identity');
      if (user.passwordHash === null && identities.length === 1) {
        throw new DomainError(
          'LAST_SIGN_IN_METHOD',
          'This is the only way this account signs in: set a password (POST /v1/auth/password/forgot) or link another provider first.',
        );
      }
      await this.repository.delete({ id: identity.id, userId });
      return identity;
    });
    await this.audit.recordForAccount({
      action: 'identity.unlinked',
      subjectUserId: userId,
      target: { type: 'identity', id: removed.id },
      data: { provider: removed.provider },
    });
  }
}
