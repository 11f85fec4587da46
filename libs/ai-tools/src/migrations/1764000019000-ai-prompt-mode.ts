import { SqlMigration } from '@keel/platform-database';

/**
 * Prompt-mode executions: the (redacted) prompt, the model, the limits, the
 * answer and why the loop stopped on the execution; on each step the model
 * turn's tokens, the provider's id of a tool call, the guardrails' redaction
 * counts and flags. A model turn has no tool.
 */
export class AiPromptMode1764000019000 extends SqlMigration {
  readonly name = 'AiPromptMode1764000019000';

  protected readonly upSql = `
    ALTER TABLE ai_executions
      ADD COLUMN prompt text NULL,
      ADD COLUMN model text NULL,
      ADD COLUMN thread_id uuid NULL,
      ADD COLUMN limits jsonb NULL,
      ADD COLUMN answer text NULL,
      ADD COLUMN stop_reason text NULL,
      ADD COLUMN stop_detail text NULL;

    ALTER TABLE ai_execution_steps
      ALTER COLUMN tool DROP NOT NULL,
      ADD COLUMN call_id text NULL,
      ADD COLUMN tokens_in integer NULL,
      ADD COLUMN tokens_out integer NULL,
      ADD COLUMN redactions jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN flags text[] NOT NULL DEFAULT '{}';
  `;

  protected readonly downSql = `
    ALTER TABLE ai_execution_steps
      DROP COLUMN flags, DROP COLUMN redactions, DROP COLUMN tokens_out, DROP COLUMN tokens_in, DROP COLUMN call_id;
    ALTER TABLE ai_executions
      DROP COLUMN stop_detail, DROP COLUMN stop_reason, DROP COLUMN answer, DROP COLUMN limits,
      DROP COLUMN thread_id, DROP COLUMN model, DROP COLUMN prompt;
  `;
}
