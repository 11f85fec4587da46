import { SqlMigration, tenantIsolationSql } from '@keel/platform-database';

/**
 * Subscriptions that change and get paid for: a change scheduled for the end
 * of the period (a downgrade), the time a payment first failed (dunning),
 * and the invoices, with their lines. A line with no invoice yet is a
 * proration waiting for the invoice that closes its period.
 */
export class Invoices1764000008200 extends SqlMigration {
  readonly name = 'Invoices1764000008200';

  protected readonly upSql = `
    ALTER TABLE subscriptions
      ADD COLUMN pending_plan_key text NULL,
      ADD COLUMN pending_plan_version integer NULL,
      ADD COLUMN pending_interval text NULL,
      ADD COLUMN past_due_since timestamptz NULL;

    CREATE TABLE invoices (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      subscription_id uuid NOT NULL,
      status text NOT NULL,
      currency text NOT NULL,
      period_start timestamptz NOT NULL,
      period_end timestamptz NOT NULL,
      subtotal bigint NOT NULL,
      total bigint NOT NULL,
      amount_due bigint NOT NULL,
      attempt_count integer NOT NULL DEFAULT 0,
      payment_failed_at timestamptz NULL,
      finalized_at timestamptz NULL,
      paid_at timestamptz NULL,
      voided_at timestamptz NULL,
      marked_uncollectible_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT invoices_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT invoices_workspace_id_subscription_id_period_end_key UNIQUE (workspace_id, subscription_id, period_end),
      CONSTRAINT invoices_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
      CONSTRAINT invoices_workspace_id_subscription_id_fkey FOREIGN KEY (workspace_id, subscription_id)
        REFERENCES subscriptions (workspace_id, id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('invoices')}

    CREATE TABLE invoice_lines (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      subscription_id uuid NOT NULL,
      invoice_id uuid NULL,
      kind text NOT NULL,
      description text NOT NULL,
      quantity bigint NOT NULL,
      unit_amount bigint NOT NULL,
      amount bigint NOT NULL,
      period_start timestamptz NOT NULL,
      period_end timestamptz NOT NULL,
      plan_key text NULL,
      plan_version integer NULL,
      feature text NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT invoice_lines_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT invoice_lines_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
      CONSTRAINT invoice_lines_workspace_id_subscription_id_fkey FOREIGN KEY (workspace_id, subscription_id)
        REFERENCES subscriptions (workspace_id, id) ON DELETE CASCADE,
      CONSTRAINT invoice_lines_workspace_id_invoice_id_fkey FOREIGN KEY (workspace_id, invoice_id)
        REFERENCES invoices (workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX invoice_lines_workspace_id_invoice_id_idx ON invoice_lines (workspace_id, invoice_id);
    ${tenantIsolationSql('invoice_lines')}
  `;

  protected readonly downSql = `
    DROP TABLE invoice_lines;
    DROP TABLE invoices;
    ALTER TABLE subscriptions
      DROP COLUMN pending_plan_key,
      DROP COLUMN pending_plan_version,
      DROP COLUMN pending_interval,
      DROP COLUMN past_due_since;
  `;
}
