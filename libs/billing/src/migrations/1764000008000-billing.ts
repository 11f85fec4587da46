import { SqlMigration, tenantIsolationSql } from '@keel/platform-database';

/**
 * Billing: the plan catalog's versions (global: plans belong to the
 * deployment) and each workspace's subscription (a tenant table).
 */
export class Billing1764000008000 extends SqlMigration {
  readonly name = 'Billing1764000008000';

  protected readonly upSql = `
    CREATE TABLE plan_versions (
      key text NOT NULL,
      version integer NOT NULL,
      name text NOT NULL,
      prices jsonb NOT NULL,
      trial_days integer NOT NULL,
      features jsonb NOT NULL,
      content_hash text NOT NULL,
      current boolean NOT NULL,
      position integer NULL,
      is_default boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT plan_versions_pkey PRIMARY KEY (key, version)
    );

    CREATE TABLE subscriptions (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      plan_key text NOT NULL,
      plan_version integer NOT NULL,
      interval text NOT NULL,
      status text NOT NULL,
      trial_ends_at timestamptz NULL,
      current_period_start timestamptz NOT NULL,
      current_period_end timestamptz NOT NULL,
      cancel_at_period_end boolean NOT NULL DEFAULT false,
      canceled_at timestamptz NULL,
      version integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT subscriptions_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT subscriptions_workspace_id_key UNIQUE (workspace_id),
      CONSTRAINT subscriptions_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
      CONSTRAINT subscriptions_plan_key_plan_version_fkey FOREIGN KEY (plan_key, plan_version)
        REFERENCES plan_versions (key, version)
    );
    ${tenantIsolationSql('subscriptions')}
  `;

  protected readonly downSql = `
    DROP TABLE subscriptions;
    DROP TABLE plan_versions;
  `;
}
