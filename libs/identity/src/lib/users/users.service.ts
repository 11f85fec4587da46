import { Injectable } from '@nestjs/common';
import { GlobalTables } from '@keel/platform-database';
import { emailKey, trimEmail } from './email-address';
import { User } from './user.entity';

/** Reads and writes user rows inside whatever transaction the caller opened. */
@Injectable()
export class UsersService {
  constructor(private readonly globalTables: GlobalTables) {}

  private get repository() {
    return this.globalTables.manager.getRepository(User);
  }

  findById(id: string): Promise<User | null> {
    return this.repository.findOneBy({ id });
  }

  findByIds(ids: readonly string[]): Promise<User[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.repository.createQueryBuilder('user').where('user.id IN (:...ids)', { ids }).getMany();
  }

  findByEmail(email: string): Promise<User | null> {
    return this.repository.findOneBy({ emailKey: emailKey(email) });
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.repository.update({ id: userId }, { passwordHash, updatedAt: new Date() });
  }

  async markEmailVerified(userId: string): Promise<void> {
    await this.globalTables.manager.query(
      'UPDATE users SET email_verified_at = coalesce(email_verified_at, now()), updated_at = now() WHERE id = $1',
      [userId],
    );
  }

  async rename(userId: string, name: string): Promise<void> {
    await this.repository.update({ id: userId }, { name, updatedAt: new Date() });
  }

  /**
   * Moves the account to another address, verified by the link it was mailed
   * (so `email_verified_at` is set now). A unique violation on `email_key`
   * means another account took the address meanwhile: the caller decides.
   */
  async changeEmail(userId: string, email: string): Promise<void> {
    await this.globalTables.manager.query(
      `UPDATE users SET email = $2, email_key = $3, email_verified_at = now(), updated_at = now() WHERE id = $1`,
      [userId, trimEmail(email), emailKey(email)],
    );
  }

  /** The user row, locked until the end of the caller's transaction (an account being deleted or moved). */
  async lock(userId: string): Promise<User | null> {
    return this.repository.findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Deletes the user row: their sessions, refresh tokens and mailed tokens go with it (ON DELETE CASCADE). */
  async delete(userId: string): Promise<void> {
    await this.repository.delete({ id: userId });
  }
}
