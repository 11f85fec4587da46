import { SqlMigration } from '@keel/platform-database';

/** A policy version carries its guardrail settings; `{}` (every kind redacted) for the versions written before. */
export class AiPolicyGuardrails1764000020300 extends SqlMigration {
  readonly name = 'AiPolicyGuardrails1764000020300';

  protected readonly upSql = `
    ALTER TABLE ai_policy_versions ADD COLUMN guardrails jsonb NOT NULL DEFAULT '{}';
  `;

  protected readonly downSql = `
    ALTER TABLE ai_policy_versions DROP COLUMN guardrails;
  `;
}
