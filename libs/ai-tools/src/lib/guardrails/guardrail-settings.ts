import { REDACTION_KINDS, RedactionKind } from './guardrail-redaction';

/**
 * A workspace's guardrail settings, part of its AI policy: which kinds of
 * personal data and keys are redacted before a provider sees them. Every kind
 * is redacted unless the policy turns it off (a workspace whose prompts are
 * about its own customers' email addresses may let those through).
 */
export interface GuardrailSettings {
  redact?: Partial<Record<RedactionKind, boolean>>;
}

export const GUARDRAIL_SETTINGS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    redact: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(REDACTION_KINDS.map((kind) => [kind, { type: 'boolean' }])),
    },
  },
};

/** The kinds redacted under `settings`: all but those it turns off. */
export function redactedKinds(settings: GuardrailSettings | null | undefined): ReadonlySet<RedactionKind> {
  return new Set(REDACTION_KINDS.filter((kind) => settings?.redact?.[kind] !== false));
}
