import { SqlMigration, tenantIsolationSql } from '@keel/platform-database';

/** Automation rules, and their runs: one per (rule, event), one row per action of the run. */
export class Automation1764000005000 extends SqlMigration {
  readonly name = 'Automation1764000005000';

  protected readonly upSql = `
    CREATE TABLE automation_rules (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      name text NOT NULL,
      enabled boolean NOT NULL DEFAULT true,
      event_type text NOT NULL,
      condition jsonb NULL,
      actions jsonb NOT NULL,
      created_by_type text NULL,
      created_by_id uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT automation_rules_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT automation_rules_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    CREATE INDEX automation_rules_workspace_id_event_type_idx ON automation_rules (workspace_id, event_type);
    ${tenantIsolationSql('automation_rules')}

    CREATE TABLE automation_runs (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      rule_id uuid NOT NULL,
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      event_depth integer NOT NULL,
      status text NOT NULL,
      skipped_reason text NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz NULL,
      CONSTRAINT automation_runs_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT automation_runs_workspace_id_rule_id_event_id_key UNIQUE (workspace_id, rule_id, event_id),
      CONSTRAINT automation_runs_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
      CONSTRAINT automation_runs_workspace_id_rule_id_fkey FOREIGN KEY (workspace_id, rule_id)
        REFERENCES automation_rules (workspace_id, id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('automation_runs')}

    CREATE TABLE automation_run_actions (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      run_id uuid NOT NULL,
      action_index integer NOT NULL,
      type text NOT NULL,
      input jsonb NOT NULL,
      status text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      last_error text NULL,
      job_run_id uuid NULL,
      result jsonb NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz NULL,
      CONSTRAINT automation_run_actions_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT automation_run_actions_workspace_id_run_id_action_index_key UNIQUE (workspace_id, run_id, action_index),
      CONSTRAINT automation_run_actions_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
      CONSTRAINT automation_run_actions_workspace_id_run_id_fkey FOREIGN KEY (workspace_id, run_id)
        REFERENCES automation_runs (workspace_id, id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('automation_run_actions')}
  `;

  protected readonly downSql = `DROP TABLE automation_run_actions; DROP TABLE automation_runs; DROP TABLE automation_rules;`;
}
