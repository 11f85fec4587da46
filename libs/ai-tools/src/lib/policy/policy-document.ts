import Ajv from 'ajv';
import type { FieldError } from '@keel/platform-errors';
import { ruleProblem } from '@keel/platform-rules';
import { schemaProblems } from '../json-schema-problems';
import { GUARDRAIL_SETTINGS_SCHEMA, GuardrailSettings } from '../guardrails/guardrail-settings';

export const POLICY_EFFECTS = ['permit', 'forbid', 'require_approval'] as const;
export type PolicyEffect = (typeof POLICY_EFFECTS)[number];

/** One rule of the policy: which tools, for whom, and when. */
export interface PolicyRule {
  id: string;
  effect: PolicyEffect;
  /** Tool names or globs (`projects.*`, `*`); `@readOnly` names every read-only tool. */
  tools: string[];
  /** Role keys, or `api-key` for API keys; omitted: everyone. */
  principals?: string[];
  /** JSON-logic over `{input, principal, context}`; omitted: always. */
  when?: Record<string, unknown>;
  description?: string;
}

export interface BudgetLimits {
  maxWrites?: number;
  maxDestructive?: number;
  maxUnits?: number;
}

/** `perExecution` counts the calls of one execution; `perDay` those of the workspace since 00:00 UTC. */
export interface PolicyBudgets {
  perExecution?: BudgetLimits;
  perDay?: BudgetLimits;
}

export interface PolicyDocument {
  rules: PolicyRule[];
  budgets: PolicyBudgets;
  /** What is redacted before a provider sees it; every kind when omitted. */
  guardrails?: GuardrailSettings;
}

const budgetLimits = {
  type: 'object',
  additionalProperties: false,
  properties: {
    maxWrites: { type: 'integer', minimum: 0, maximum: 1_000_000 },
    maxDestructive: { type: 'integer', minimum: 0, maximum: 1_000_000 },
    maxUnits: { type: 'integer', minimum: 0, maximum: 1_000_000_000 },
  },
};

const POLICY_SCHEMA = {
  type: 'object',
  required: ['rules'],
  additionalProperties: false,
  properties: {
    rules: {
      type: 'array',
      maxItems: 200,
      items: {
        type: 'object',
        required: ['id', 'effect', 'tools'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$' },
          effect: { enum: POLICY_EFFECTS },
          tools: {
            type: 'array',
            minItems: 1,
            maxItems: 100,
            items: { type: 'string', pattern: '^(@readOnly|[A-Za-z0-9_.*-]{1,100})$' },
          },
          principals: {
            type: 'array',
            minItems: 1,
            maxItems: 50,
            items: { type: 'string', minLength: 1, maxLength: 100 },
          },
          when: { type: 'object' },
          description: { type: 'string', maxLength: 1000 },
        },
      },
    },
    budgets: {
      type: 'object',
      additionalProperties: false,
      properties: { perExecution: budgetLimits, perDay: budgetLimits },
    },
    guardrails: GUARDRAIL_SETTINGS_SCHEMA,
  },
};

const validatePolicy = new Ajv({ allErrors: true }).compile(POLICY_SCHEMA);

/** Every problem of a policy document at its JSON path; empty when it can be saved. */
export function policyProblems(document: unknown): FieldError[] {
  if (!validatePolicy(document)) return schemaProblems(validatePolicy.errors);
  const policy = document as unknown as PolicyDocument;
  const problems: FieldError[] = [];
  const seen = new Set<string>();
  policy.rules.forEach((rule, index) => {
    if (seen.has(rule.id)) {
      problems.push({
        field: `rules.${index}.id`,
        path: `$.rules[${index}].id`,
        rule: 'unique',
        message: 'rule ids are unique',
      });
    }
    seen.add(rule.id);
    if (rule.when !== undefined) {
      const problem = ruleProblem(rule.when);
      if (problem) {
        problems.push({
          field: `rules.${index}.when`,
          path: `$.rules[${index}].when${problem.at}`,
          rule: 'jsonLogic',
          message: problem.message,
        });
      }
    }
  });
  return problems;
}
