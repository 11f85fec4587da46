import { SqlMigration, tenantIsolationSql } from '@keel/platform-database';

/**
 * Bundles: a workspace's exports (a tenant table: each is the workspace's,
 * written by a job run of it, its archive in the blob store), and the
 * platform's imports (global: an import makes a new workspace, and a bundle
 * is recognised again by its SHA-256 whichever workspace it came from; the
 * workspace it made is \`imported_workspace_id\`, no foreign key, so the record
 * outlives that workspace's deletion).
 */
export class WorkspaceExportsAndImports1764000020000 extends SqlMigration {
  readonly name = 'WorkspaceExportsAndImports1764000020000';

  protected readonly upSql = `
    CREATE TABLE workspace_exports (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      status text NOT NULL,
      job_run_id uuid NOT NULL,
      format_version integer NOT NULL,
      blob_key text NULL,
      sha256 text NULL,
      size_bytes bigint NULL,
      counts jsonb NULL,
      error text NULL,
      requested_by_type text NULL,
      requested_by_id uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz NULL,
      CONSTRAINT workspace_exports_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT workspace_exports_workspace_id_fkey FOREIGN KEY (workspace_id)
        REFERENCES workspaces (id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('workspace_exports')}

    CREATE TABLE platform_imports (
      id uuid NOT NULL,
      status text NOT NULL,
      bundle_sha256 text NOT NULL,
      bundle_size_bytes bigint NOT NULL,
      bundle_key text NOT NULL,
      format_version integer NOT NULL,
      forced boolean NOT NULL DEFAULT false,
      imported_workspace_id uuid NOT NULL,
      job_run_id uuid NOT NULL,
      counts jsonb NULL,
      invited jsonb NULL,
      error text NULL,
      imported_by uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz NULL,
      CONSTRAINT platform_imports_pkey PRIMARY KEY (id)
    );
    CREATE INDEX platform_imports_bundle_sha256_idx ON platform_imports (bundle_sha256);
  `;

  protected readonly downSql = `
    DROP TABLE platform_imports;
    DROP TABLE workspace_exports;
  `;
}
