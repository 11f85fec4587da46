import { SqlMigration, tenantIsolationSql } from '@keel/platform-database';

/**
 * Threads of prompt-mode executions: a thread holds the conversation (the
 * prompts and the answers, guardrails applied) that its executions append to
 * and read as their history.
 */
export class AiThreads1764000019100 extends SqlMigration {
  readonly name = 'AiThreads1764000019100';

  protected readonly upSql = `
    CREATE TABLE ai_threads (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      title text NOT NULL DEFAULT '',
      created_by_type text NOT NULL,
      created_by_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ai_threads_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT ai_threads_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('ai_threads')}

    CREATE TABLE ai_thread_messages (
      workspace_id uuid NOT NULL,
      thread_id uuid NOT NULL,
      seq integer NOT NULL,
      role text NOT NULL,
      content text NOT NULL,
      execution_id uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ai_thread_messages_pkey PRIMARY KEY (workspace_id, thread_id, seq),
      CONSTRAINT ai_thread_messages_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
      CONSTRAINT ai_thread_messages_workspace_id_thread_id_fkey FOREIGN KEY (workspace_id, thread_id)
        REFERENCES ai_threads (workspace_id, id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('ai_thread_messages')}

    CREATE INDEX ai_executions_workspace_id_thread_id_idx ON ai_executions (workspace_id, thread_id);
  `;

  protected readonly downSql = `
    DROP INDEX ai_executions_workspace_id_thread_id_idx;
    DROP TABLE ai_thread_messages;
    DROP TABLE ai_threads;
  `;
}
