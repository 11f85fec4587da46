import { SqlMigration, tenantIsolationSql } from '@keel/platform-database';

/**
 * The job runs ledger and its trail. Workers find orphaned runs (their
 * process died) and prune old ones across workspaces, as the owner role.
 */
export class JobRuns1764000004000 extends SqlMigration {
  readonly name = 'JobRuns1764000004000';

  protected readonly upSql = `
    CREATE TABLE job_runs (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      type text NOT NULL,
      status text NOT NULL,
      input jsonb NOT NULL DEFAULT '{}',
      result jsonb NULL,
      checkpoint jsonb NULL,
      progress integer NOT NULL DEFAULT 0,
      progress_message text NULL,
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL,
      last_error text NULL,
      timeout_seconds integer NOT NULL,
      queue_job_id uuid NULL,
      started_by_type text NULL,
      started_by_id uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz NULL,
      heartbeat_at timestamptz NULL,
      finished_at timestamptz NULL,
      cancel_requested_at timestamptz NULL,
      cancel_acknowledged_at timestamptz NULL,
      CONSTRAINT job_runs_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT job_runs_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    CREATE INDEX job_runs_workspace_id_status_id_idx ON job_runs (workspace_id, status, id);
    CREATE INDEX job_runs_running_heartbeat_idx ON job_runs (heartbeat_at) WHERE status = 'running';
    CREATE INDEX job_runs_finished_at_idx ON job_runs (finished_at) WHERE finished_at IS NOT NULL;
    ${tenantIsolationSql('job_runs')}
    CREATE POLICY job_runs_supervision ON job_runs FOR ALL TO keel_owner USING (true) WITH CHECK (true);

    CREATE TABLE job_run_events (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      job_run_id uuid NOT NULL,
      kind text NOT NULL,
      status text NULL,
      progress integer NULL,
      message text NULL,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT job_run_events_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT job_run_events_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
      CONSTRAINT job_run_events_workspace_id_job_run_id_fkey FOREIGN KEY (workspace_id, job_run_id)
        REFERENCES job_runs (workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX job_run_events_workspace_id_job_run_id_id_idx ON job_run_events (workspace_id, job_run_id, id);
    ${tenantIsolationSql('job_run_events')}
    CREATE POLICY job_run_events_supervision ON job_run_events FOR ALL TO keel_owner USING (true) WITH CHECK (true);
  `;

  protected readonly downSql = `DROP TABLE job_run_events; DROP TABLE job_runs;`;
}
