import { SqlMigration, tenantIsolationSql } from '@keel/platform-database';

/**
 * Release gates: releases and their artifact ledger, hash-chained evidence,
 * gates with immutable versions, signed evaluations, waivers and promotion
 * decisions. Every table is a tenant table.
 */
export class ReleaseGates1764000007000 extends SqlMigration {
  readonly name = 'ReleaseGates1764000007000';

  protected readonly upSql = `
    CREATE TABLE releases (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      product text NOT NULL,
      version text NOT NULL,
      commit text NULL,
      artifacts jsonb NOT NULL,
      created_by_type text NULL,
      created_by_id uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT releases_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT releases_workspace_id_product_version_key UNIQUE (workspace_id, product, version),
      CONSTRAINT releases_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    CREATE INDEX releases_workspace_id_product_id_idx ON releases (workspace_id, product, id);
    ${tenantIsolationSql('releases')}

    CREATE TABLE evidence_items (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      release_id uuid NOT NULL,
      type text NOT NULL,
      platform text NULL,
      source text NULL,
      collected_at timestamptz NOT NULL,
      sha256 text NOT NULL,
      size_bytes integer NOT NULL,
      content bytea NOT NULL,
      facts jsonb NOT NULL,
      previous_hash text NULL,
      chain_hash text NOT NULL,
      uploaded_by_type text NULL,
      uploaded_by_id uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT evidence_items_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT evidence_items_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
      CONSTRAINT evidence_items_workspace_id_release_id_fkey FOREIGN KEY (workspace_id, release_id)
        REFERENCES releases (workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX evidence_items_workspace_id_release_id_id_idx ON evidence_items (workspace_id, release_id, id);
    ${tenantIsolationSql('evidence_items')}

    CREATE TABLE gates (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      key text NOT NULL,
      name text NOT NULL,
      description text NULL,
      from_template text NULL,
      required_for jsonb NOT NULL,
      allow_warn boolean NOT NULL DEFAULT false,
      version integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz NULL,
      CONSTRAINT gates_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT gates_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    CREATE UNIQUE INDEX gates_workspace_id_key_idx ON gates (workspace_id, key) WHERE deleted_at IS NULL;
    ${tenantIsolationSql('gates')}

    CREATE TABLE gate_versions (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      gate_id uuid NOT NULL,
      version integer NOT NULL,
      criteria jsonb NOT NULL,
      content_hash text NOT NULL,
      created_by_type text NULL,
      created_by_id uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT gate_versions_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT gate_versions_workspace_id_gate_id_version_key UNIQUE (workspace_id, gate_id, version),
      CONSTRAINT gate_versions_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
      CONSTRAINT gate_versions_workspace_id_gate_id_fkey FOREIGN KEY (workspace_id, gate_id)
        REFERENCES gates (workspace_id, id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('gate_versions')}

    CREATE TABLE gate_evaluations (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      release_id uuid NOT NULL,
      gate_id uuid NOT NULL,
      gate_key text NOT NULL,
      gate_version integer NOT NULL,
      content_hash text NOT NULL,
      platform text NULL,
      verdict text NOT NULL,
      score numeric(5,2) NOT NULL,
      criteria jsonb NOT NULL,
      evidence_watermark uuid NULL,
      signature text NOT NULL,
      evaluated_by_type text NULL,
      evaluated_by_id uuid NULL,
      evaluated_at timestamptz NOT NULL,
      CONSTRAINT gate_evaluations_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT gate_evaluations_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
      CONSTRAINT gate_evaluations_workspace_id_release_id_fkey FOREIGN KEY (workspace_id, release_id)
        REFERENCES releases (workspace_id, id) ON DELETE CASCADE,
      CONSTRAINT gate_evaluations_workspace_id_gate_id_fkey FOREIGN KEY (workspace_id, gate_id)
        REFERENCES gates (workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX gate_evaluations_workspace_id_release_id_id_idx ON gate_evaluations (workspace_id, release_id, id);
    CREATE INDEX gate_evaluations_workspace_id_gate_id_id_idx ON gate_evaluations (workspace_id, gate_id, id);
    ${tenantIsolationSql('gate_evaluations')}

    CREATE TABLE gate_waivers (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      release_id uuid NOT NULL,
      gate_id uuid NOT NULL,
      criterion text NOT NULL,
      reason text NOT NULL,
      expires_at timestamptz NOT NULL,
      status text NOT NULL,
      requested_by_type text NULL,
      requested_by_id uuid NULL,
      decided_by_type text NULL,
      decided_by_id uuid NULL,
      decided_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT gate_waivers_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT gate_waivers_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
      CONSTRAINT gate_waivers_workspace_id_release_id_fkey FOREIGN KEY (workspace_id, release_id)
        REFERENCES releases (workspace_id, id) ON DELETE CASCADE,
      CONSTRAINT gate_waivers_workspace_id_gate_id_fkey FOREIGN KEY (workspace_id, gate_id)
        REFERENCES gates (workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX gate_waivers_workspace_id_release_id_id_idx ON gate_waivers (workspace_id, release_id, id);
    ${tenantIsolationSql('gate_waivers')}

    CREATE TABLE release_promotions (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      release_id uuid NOT NULL,
      stage text NOT NULL,
      allowed boolean NOT NULL,
      gates jsonb NOT NULL,
      decided_by_type text NULL,
      decided_by_id uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT release_promotions_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT release_promotions_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
      CONSTRAINT release_promotions_workspace_id_release_id_fkey FOREIGN KEY (workspace_id, release_id)
        REFERENCES releases (workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX release_promotions_workspace_id_release_id_id_idx ON release_promotions (workspace_id, release_id, id);
    ${tenantIsolationSql('release_promotions')}
  `;

  protected readonly downSql = `
    DROP TABLE release_promotions; DROP TABLE gate_waivers; DROP TABLE gate_evaluations;
    DROP TABLE gate_versions; DROP TABLE gates; DROP TABLE evidence_items; DROP TABLE releases;
  `;
}
