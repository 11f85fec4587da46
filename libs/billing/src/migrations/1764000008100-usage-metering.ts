import { SqlMigration, tenantIsolationSql } from '@keel/platform-database';

/**
 * Usage metering: the workspace's meters, the raw usage events (kept for the
 * 35-day dedupe window, their client id the key), hourly rollups that reads
 * and entitlements use, the distinct values of unique-count meters, and
 * corrections. Every table is a tenant table.
 */
export class UsageMetering1764000008100 extends SqlMigration {
  readonly name = 'UsageMetering1764000008100';

  protected readonly upSql = `
    CREATE TABLE meters (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      key text NOT NULL,
      event_type text NOT NULL,
      aggregation text NOT NULL,
      value_property text NULL,
      group_by text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT meters_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT meters_workspace_id_key_key UNIQUE (workspace_id, key),
      CONSTRAINT meters_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('meters')}

    CREATE TABLE usage_events (
      workspace_id uuid NOT NULL,
      id text NOT NULL,
      type text NOT NULL,
      occurred_at timestamptz NOT NULL,
      value double precision NULL,
      properties jsonb NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT usage_events_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT usage_events_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('usage_events')}

    CREATE TABLE usage_rollups (
      workspace_id uuid NOT NULL,
      meter_key text NOT NULL,
      bucket_start timestamptz NOT NULL,
      group_key text NOT NULL,
      group_values jsonb NOT NULL,
      value double precision NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT usage_rollups_pkey PRIMARY KEY (workspace_id, meter_key, bucket_start, group_key),
      CONSTRAINT usage_rollups_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('usage_rollups')}

    CREATE TABLE usage_unique_values (
      workspace_id uuid NOT NULL,
      meter_key text NOT NULL,
      bucket_start timestamptz NOT NULL,
      group_key text NOT NULL,
      unique_value text NOT NULL,
      CONSTRAINT usage_unique_values_pkey PRIMARY KEY (workspace_id, meter_key, bucket_start, group_key, unique_value),
      CONSTRAINT usage_unique_values_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('usage_unique_values')}

    CREATE TABLE usage_adjustments (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      meter_key text NOT NULL,
      period timestamptz NOT NULL,
      delta double precision NOT NULL,
      reason text NOT NULL,
      created_by_type text NULL,
      created_by_id uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT usage_adjustments_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT usage_adjustments_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('usage_adjustments')}
  `;

  protected readonly downSql = `
    DROP TABLE usage_adjustments;
    DROP TABLE usage_unique_values;
    DROP TABLE usage_rollups;
    DROP TABLE usage_events;
    DROP TABLE meters;
  `;
}
