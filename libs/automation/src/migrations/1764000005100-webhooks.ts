import { housekeepingPolicySql, SqlMigration, tenantIsolationSql } from '@keel/platform-database';

/**
 * Webhook endpoints (their signing secrets sealed under the master key),
 * deliveries (one per endpoint and dedupe key, kept 30 days) and every
 * attempt of each delivery.
 */
export class Webhooks1764000005100 extends SqlMigration {
  readonly name = 'Webhooks1764000005100';

  protected readonly upSql = `
    CREATE TABLE webhook_endpoints (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      url text NOT NULL,
      event_types text[] NOT NULL,
      enabled boolean NOT NULL DEFAULT true,
      description text NOT NULL DEFAULT '',
      secret_sealed text NOT NULL,
      failing_since timestamptz NULL,
      disabled_at timestamptz NULL,
      disabled_reason text NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT webhook_endpoints_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT webhook_endpoints_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('webhook_endpoints')}
    -- crypto:rotate re-seals the secrets as keel_owner, in no workspace.
    CREATE POLICY webhook_endpoints_key_rotation ON webhook_endpoints FOR ALL TO keel_owner USING (true) WITH CHECK (true);

    CREATE TABLE webhook_deliveries (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      endpoint_id uuid NOT NULL,
      dedupe_key text NOT NULL,
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      body text NOT NULL,
      status text NOT NULL,
      attempt_count integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NULL,
      delivered_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT webhook_deliveries_workspace_id_endpoint_id_dedupe_key_key UNIQUE (workspace_id, endpoint_id, dedupe_key),
      CONSTRAINT webhook_deliveries_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
      CONSTRAINT webhook_deliveries_workspace_id_endpoint_id_fkey FOREIGN KEY (workspace_id, endpoint_id)
        REFERENCES webhook_endpoints (workspace_id, id) ON DELETE CASCADE
    );
    -- An endpoint's deliveries, newest first.
    CREATE INDEX webhook_deliveries_workspace_id_endpoint_id_id_idx ON webhook_deliveries (workspace_id, endpoint_id, id);
    -- Housekeeping's purge, across workspaces.
    CREATE INDEX webhook_deliveries_expires_at_idx ON webhook_deliveries (expires_at);
    ${tenantIsolationSql('webhook_deliveries')}
    ${housekeepingPolicySql('webhook_deliveries', 'expires_at')}

    CREATE TABLE webhook_delivery_attempts (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      delivery_id uuid NOT NULL,
      number integer NOT NULL,
      manual boolean NOT NULL DEFAULT false,
      outcome text NOT NULL,
      status_code integer NULL,
      latency_ms integer NOT NULL,
      response_excerpt text NULL,
      error text NULL,
      attempted_at timestamptz NOT NULL,
      CONSTRAINT webhook_delivery_attempts_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT webhook_delivery_attempts_workspace_id_delivery_id_number_key UNIQUE (workspace_id, delivery_id, number),
      CONSTRAINT webhook_delivery_attempts_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
      CONSTRAINT webhook_delivery_attempts_workspace_id_delivery_id_fkey FOREIGN KEY (workspace_id, delivery_id)
        REFERENCES webhook_deliveries (workspace_id, id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('webhook_delivery_attempts')}
  `;

  protected readonly downSql = `DROP TABLE webhook_delivery_attempts; DROP TABLE webhook_deliveries; DROP TABLE webhook_endpoints;`;
}
