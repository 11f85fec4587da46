import { SqlMigration } from '../lib/sql-migration';

export class DatabaseRoles1763800000000 extends SqlMigration {
  readonly name = 'DatabaseRoles1763800000000';
  protected override readonly runAsOwner = false;

  // Roles are cluster-wide: another Keel database on the same server may have made them already.
  protected readonly upSql = `
    -- Created only where missing (an operator may have made them for a login without CREATEROLE);
    -- two databases migrating at once can both find one missing, and the loser's duplicate is harmless.
    DO $$
    DECLARE
      role_name text;
    BEGIN
      FOREACH role_name IN ARRAY ARRAY['keel_owner', 'keel_app'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role_name) THEN
          BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN NOBYPASSRLS', role_name);
          EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
          END;
        END IF;
      END LOOP;
    END
    $$;
    -- The migrating login must be able to SET ROLE to both; an operator may have granted that already
    -- (GRANT needs ADMIN OPTION, which such a login need not hold).
    DO $$
    BEGIN
      IF NOT pg_has_role(current_user, 'keel_owner', 'USAGE') THEN
        GRANT keel_owner TO CURRENT_USER;
      END IF;
      IF NOT pg_has_role(current_user, 'keel_app', 'USAGE') THEN
        GRANT keel_app TO CURRENT_USER;
      END IF;
    END
    $$;
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
