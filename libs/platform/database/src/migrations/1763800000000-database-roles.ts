import { SqlMigration } from '../lib/sql-migration';

export class DatabaseRoles1763800000000 extends SqlMigration {
  readonly name = 'DatabaseRoles1763800000000';
  protected override readonly runAsOwner = false;

  // Roles are cluster-wide: another Keel database on the same server may have made them already.
  protected readonly upSql = `
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'keel_owner') THEN
        CREATE ROLE keel_owner NOLOGIN NOBYPASSRLS;
      END IF;
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'keel_app') THEN
        CREATE ROLE keel_app NOLOGIN NOBYPASSRLS;
      END IF;
    END
    $$;
    GRANT keel_owner TO CURRENT_USER;
    GRANT keel_app TO CURRENT_USER;
    GRANT USAGE, CREATE ON SCHEMA public TO keel_owner;
    GRANT USAGE ON SCHEMA public TO keel_app;
    ALTER DEFAULT PRIVILEGES FOR ROLE keel_owner IN SCHEMA public
      GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO keel_app;
    ALTER DEFAULT PRIVILEGES FOR ROLE keel_owner IN SCHEMA public
      GRANT USAGE, SELECT ON SEQUENCES TO keel_app;
  `;

  protected readonly downSql = `
    ALTER DEFAULT PRIVILEGES FOR ROLE keel_owner IN SCHEMA public REVOKE ALL ON SEQUENCES FROM keel_app;
    ALTER DEFAULT PRIVILEGES FOR ROLE keel_owner IN SCHEMA public REVOKE ALL ON TABLES FROM keel_app;
    REVOKE ALL ON SCHEMA public FROM keel_app;
    REVOKE ALL ON SCHEMA public FROM keel_owner;
  `;
}
