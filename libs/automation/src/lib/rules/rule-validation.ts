import type { EventTypeDefinition } from '@keel/events';
import { FieldError } from '@keel/platform-errors';
import { ruleProblem } from '@keel/platform-rules';
import { AutomationAction } from './automation-action';

/** What a rule draft says, once the DTO checked its shape. */
export interface RuleDraft {
  eventType: string;
  condition: Record<string, unknown> | null;
  actions: Array<Partial<AutomationAction> & { type: AutomationAction['type'] }>;
}

/** Fields each action type reads; any other is a mistake worth reporting. */
const FIELDS: Readonly<Record<AutomationAction['type'], { required: string[]; optional: string[] }>> = {
  send_webhook: { required: ['endpointId'], optional: [] },
  transition_project: { required: ['to'], optional: ['projectId'] },
  add_comment: { required: ['body'], optional: ['projectId'] },
};

function eventCarriesProject(definition: EventTypeDefinition): boolean {
  const required = definition.schema['required'];
  return Array.isArray(required) && required.includes('project');
}

/**
 * Every problem of a rule draft at its JSON path: an event type missing from
 * the catalog, a condition that is not JSON-logic, an action missing what it
 * needs or holding what it does not use, an unknown webhook endpoint, a
 * project action on an event that names no project, a project id this
 * workspace does not have (checked when saved, not first when the rule fires,
 * so a foreign or mistyped id never waits in a rule).
 */
export async function ruleProblems(
  draft: RuleDraft,
  eventType: (type: string) => EventTypeDefinition | undefined,
  endpointExists: (endpointId: string) => Promise<boolean>,
  projectExists: (projectId: string) => Promise<boolean>,
): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  const report = (path: string, field: string, rule: string, message: string) =>
    problems.push({ path, field, rule, message });

  const definition = eventType(draft.eventType);
  if (!definition) {
    report(
      '$.trigger.eventType',
      'trigger.eventType',
      'eventType',
      `"${draft.eventType}" is not in the event catalog (GET /v1/event-types)`,
    );
  } else if (definition.published === false) {
    report(
      '$.trigger.eventType',
      'trigger.eventType',
      'eventType',
      `${draft.eventType} is sent to one webhook endpoint on request and never published: no rule can act on it`,
    );
  }
  if (draft.condition !== null) {
    const problem = ruleProblem(draft.condition);
    if (problem) {
      report(`$.trigger.condition${problem.at}`, 'trigger.condition', 'jsonLogic', problem.message);
    }
  }
  for (const [index, action] of draft.actions.entries()) {
    const at = `$.actions[${index}]`;
    const fields = FIELDS[action.type];
    const record = action as Record<string, unknown>;
    for (const name of fields.required) {
      if (record[name] === undefined)
        report(`${at}.${name}`, `actions.${index}.${name}`, 'required', `${action.type} needs ${name}`);
    }
    for (const name of Object.keys(record)) {
      if (
        name !== 'type' &&
        record[name] !== undefined &&
        !fields.required.includes(name) &&
        !fields.optional.includes(name)
      ) {
        report(`${at}.${name}`, `actions.${index}.${name}`, 'unused', `${action.type} does not use ${name}`);
      }
    }
    if (
      action.type === 'send_webhook' &&
      typeof action.endpointId === 'string' &&
      !(await endpointExists(action.endpointId))
    ) {
      report(
        `${at}.endpointId`,
        `actions.${index}.endpointId`,
        'exists',
        'no webhook endpoint of this workspace has this id',
      );
    }
    if (
      (action.type === 'transition_project' || action.type === 'add_comment') &&
      typeof action.projectId === 'string' &&
      !(await projectExists(action.projectId))
    ) {
      report(`${at}.projectId`, `actions.${index}.projectId`, 'exists', 'no project of this workspace has this id');
    }
    if (
      (action.type === 'transition_project' || action.type === 'add_comment') &&
      action.projectId === undefined &&
      definition &&
      !eventCarriesProject(definition)
    ) {
      report(
        `${at}.projectId`,
        `actions.${index}.projectId`,
        'required',
        `${draft.eventType} events name no project: give projectId`,
      );
    }
  }
  return problems;
}
