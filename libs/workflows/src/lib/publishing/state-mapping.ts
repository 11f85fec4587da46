import { DomainError, FieldError } from '@keel/platform-errors';
import type { StateTargets } from '../projects/workflow-move';

/**
 * A mapping names states of the active version that the draft drops, and
 * states of the draft to move to: 422 VALIDATION_FAILED naming each entry
 * that does not.
 */
export function assertUsableMapping(
  mapping: Readonly<Record<string, string>>,
  draftStates: ReadonlyMap<string, string>,
  previousStates: ReadonlySet<string>,
): void {
  const errors: FieldError[] = [];
  for (const [from, to] of Object.entries(mapping)) {
    const field = `stateMapping.${from}`;
    const path = `$.stateMapping['${from.replace(/'/g, "\\'")}']`;
    if (draftStates.has(from)) {
      errors.push({
        field,
        path,
        rule: 'droppedState',
        message: `"${from}" is kept by this version; only dropped states are mapped`,
      });
    } else if (!previousStates.has(from)) {
      errors.push({ field, path, rule: 'knownState', message: `"${from}" is not a state of the active version` });
    }
    if (typeof to !== 'string' || !draftStates.has(to)) {
      errors.push({ field, path, rule: 'knownState', message: `"${String(to)}" is not a state of this version` });
    }
  }
  if (errors.length > 0) {
    throw new DomainError('VALIDATION_FAILED', 'The state mapping names states it cannot.', { errors });
  }
}

/**
 * Where each state projects are in goes on version `draftNumber`: a state the
 * draft keeps stays, a dropped one goes where the mapping says. 422
 * STATE_MAPPING_REQUIRED names each dropped state the mapping leaves out and
 * how many projects are in it.
 */
export function stateTargets(
  draftNumber: number,
  draftStates: ReadonlyMap<string, string>,
  mapping: Readonly<Record<string, string>>,
  statesInUse: ReadonlyMap<string, number>,
): StateTargets {
  const unmapped = [...statesInUse]
    .filter(([state]) => !draftStates.has(state) && mapping[state] === undefined)
    .map(([state, count]) => ({ state, projects: count }));
  if (unmapped.length > 0) {
    throw new DomainError(
      'STATE_MAPPING_REQUIRED',
      `Version ${draftNumber} drops states projects are in: ${unmapped
        .map((u) => `"${u.state}" (${u.projects} project${u.projects === 1 ? '' : 's'})`)
        .join(', ')}. Name the state each moves to in stateMapping.`,
      { extensions: { unmappedStates: unmapped } },
    );
  }
  return Object.fromEntries(
    [...statesInUse.keys()].map((state) => [state, draftStates.has(state) ? state : mapping[state]]),
  );
}
