import { MigrationInterface, QueryRunner } from 'typeorm';
import { DATABASE_OWNER_ROLE } from './database-roles';

/**
 * A migration written in plain SQL. It runs as the owner role (inside its own
 * transaction) so every object it creates belongs to `keel_owner`, whoever the
 * migrating login is.
 */
export abstract class SqlMigration implements MigrationInterface {
  abstract readonly name: string;
  protected abstract readonly upSql: string;
  protected abstract readonly downSql: string;
  /** Only the migration that creates the owner role itself runs as the login. */
  protected readonly runAsOwner: boolean = true;

  up(queryRunner: QueryRunner): Promise<void> {
    return this.runAsOwnerWhenAsked(queryRunner, this.upSql);
  }

  down(queryRunner: QueryRunner): Promise<void> {
    return this.runAsOwnerWhenAsked(queryRunner, this.downSql);
  }

  private async runAsOwnerWhenAsked(queryRunner: QueryRunner, sql: string): Promise<void> {
    if (!this.runAsOwner) {
      await queryRunner.query(sql);
      return;
    }
    await queryRunner.query(`SET LOCAL ROLE ${DATABASE_OWNER_ROLE}`);
    await queryRunner.query(sql);
    // Back to the login before TypeORM records the migration in its own table.
    await queryRunner.query('RESET ROLE');
  }
}
