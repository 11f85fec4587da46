import { SqlMigration, tenantIsolationSql } from '@keel/platform-database';

/**
 * The payment provider: where a workspace is at the provider (its customer
 * and mirrored subscription, its invoices), the provider's webhook events
 * received (one row per event id: the inbox that makes a redelivery a no-op),
 * and reconciliation: each run per workspace and the mismatches it found.
 * The owner may read runs and open mismatches across workspaces, for the
 * metrics (counts only) and the daily schedule.
 */
export class BillingProvider1764000018300 extends SqlMigration {
  readonly name = 'BillingProvider1764000018300';

  protected readonly upSql = `
    ALTER TABLE subscriptions
      ADD COLUMN provider_customer_id text NULL,
      ADD COLUMN provider_subscription_id text NULL;

    ALTER TABLE invoices
      ADD COLUMN provider_invoice_id text NULL,
      ADD COLUMN provider_updated_at timestamptz NULL;

    CREATE TABLE billing_provider_events (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      provider text NOT NULL,
      provider_event_id text NOT NULL,
      type text NOT NULL,
      object_id text NOT NULL,
      object jsonb NOT NULL,
      occurred_at timestamptz NOT NULL,
      outcome text NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      processed_at timestamptz NULL,
      CONSTRAINT billing_provider_events_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT billing_provider_events_workspace_id_provider_provider_event_id_key
        UNIQUE (workspace_id, provider, provider_event_id),
      CONSTRAINT billing_provider_events_workspace_id_fkey FOREIGN KEY (workspace_id)
        REFERENCES workspaces (id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('billing_provider_events')}

    CREATE TABLE billing_reconciliations (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      provider text NOT NULL,
      trigger text NOT NULL,
      job_run_id uuid NULL,
      mismatches integer NOT NULL,
      started_at timestamptz NOT NULL,
      finished_at timestamptz NOT NULL,
      CONSTRAINT billing_reconciliations_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT billing_reconciliations_workspace_id_fkey FOREIGN KEY (workspace_id)
        REFERENCES workspaces (id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('billing_reconciliations')}
    CREATE POLICY billing_reconciliations_owner_read ON billing_reconciliations FOR SELECT TO keel_owner USING (true);

    CREATE TABLE billing_mismatches (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      reconciliation_id uuid NOT NULL,
      type text NOT NULL,
      object text NOT NULL,
      local_id text NULL,
      provider_id text NULL,
      local jsonb NULL,
      provider_value jsonb NULL,
      status text NOT NULL,
      resolution text NULL,
      note text NULL,
      resolved_by text NULL,
      resolved_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT billing_mismatches_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT billing_mismatches_workspace_id_fkey FOREIGN KEY (workspace_id)
        REFERENCES workspaces (id) ON DELETE CASCADE,
      CONSTRAINT billing_mismatches_workspace_id_reconciliation_id_fkey FOREIGN KEY (workspace_id, reconciliation_id)
        REFERENCES billing_reconciliations (workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX billing_mismatches_workspace_id_reconciliation_id_idx
      ON billing_mismatches (workspace_id, reconciliation_id);
    ${tenantIsolationSql('billing_mismatches')}
    CREATE POLICY billing_mismatches_owner_read ON billing_mismatches FOR SELECT TO keel_owner USING (true);
  `;

  protected readonly downSql = `
    DROP TABLE billing_mismatches;
    DROP TABLE billing_reconciliations;
    DROP TABLE billing_provider_events;
    ALTER TABLE invoices DROP COLUMN provider_invoice_id, DROP COLUMN provider_updated_at;
    ALTER TABLE subscriptions DROP COLUMN provider_customer_id, DROP COLUMN provider_subscription_id;
  `;
}
