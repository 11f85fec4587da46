import { SqlMigration } from '@keel/platform-database';

/**
 * Impersonations: a platform admin acting as a user for a while, with the
 * reason they gave. Global (no workspace): it belongs to two accounts. Its id
 * is the id of the session its token speaks through (identity's `sessions`),
 * so ending it revokes that session.
 */
export class Impersonations1764000012300 extends SqlMigration {
  readonly name = 'Impersonations1764000012300';

  protected readonly upSql = `
    CREATE TABLE impersonations (
      id uuid NOT NULL,
      admin_user_id uuid NOT NULL,
      user_id uuid NOT NULL,
      reason text NOT NULL,
      started_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      ended_at timestamptz NULL,
      CONSTRAINT impersonations_pkey PRIMARY KEY (id),
      CONSTRAINT impersonations_admin_user_id_fkey FOREIGN KEY (admin_user_id) REFERENCES users (id) ON DELETE CASCADE,
      CONSTRAINT impersonations_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
    );
    CREATE INDEX impersonations_user_id_idx ON impersonations (user_id);
    CREATE INDEX impersonations_admin_user_id_idx ON impersonations (admin_user_id);
  `;

  protected readonly downSql = `DROP TABLE impersonations;`;
}
