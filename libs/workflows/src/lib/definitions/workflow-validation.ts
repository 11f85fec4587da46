import { isPermission } from '@keel/tenancy';
import { FieldError } from '@keel/platform-errors';
import { ruleProblem } from '@keel/platform-rules';
import { ANY_STATE, leavesFrom, REQUIRABLE_FIELDS, WorkflowDefinition } from './workflow-definition';

/**
 * Every reason `definition` cannot run projects, each at its JSON path (and
 * its dotted field): the DTO checked the shape of the body, this checks that
 * the states and transitions make a workflow. The DTO lets three things
 * through unchecked so that they are reported here, at their path, with the
 * other workflow problems: a missing initial state, a rule's `logic` (any
 * value) and the names in `requiredFields`.
 */
export function workflowProblems(definition: WorkflowDefinition): FieldError[] {
  const problems: FieldError[] = [];
  const report = (path: string, rule: string, message: string): void => {
    problems.push({ field: dottedField(path), path, rule, message });
  };

  const stateNames = new Set<string>();
  definition.states.forEach((state, index) => {
    if (state.name === ANY_STATE) {
      report(
        `$.states[${index}].name`,
        'reservedName',
        `"${ANY_STATE}" means "any state" in transitions; name the state otherwise`,
      );
    } else if (stateNames.has(state.name)) {
      report(`$.states[${index}].name`, 'unique', `duplicate state name "${state.name}"`);
    }
    stateNames.add(state.name);
  });
  if (!definition.states.some((state) => state.category === 'done')) {
    report('$.states', 'doneState', 'at least one state must be in the "done" category');
  }
  // Absent (or null) when the body left it out: the DTO does not insist, so that it is reported here.
  const initialState: string | null | undefined = definition.initialState;
  if (initialState === undefined || initialState === null || initialState === '') {
    report('$.initialState', 'required', 'name the initial state: the state new projects start in');
  } else if (!stateNames.has(initialState)) {
    report('$.initialState', 'knownState', `the initial state "${initialState}" is not one of the states`);
  }

  const transitionNames = new Set<string>();
  const pairs = new Map<string, string>();
  definition.transitions.forEach((transition, index) => {
    const at = `$.transitions[${index}]`;
    if (transitionNames.has(transition.name)) {
      report(`${at}.name`, 'unique', `duplicate transition name "${transition.name}"`);
    }
    transitionNames.add(transition.name);
    if (!stateNames.has(transition.to)) {
      report(`${at}.to`, 'knownState', `the transition leads to "${transition.to}", which is not one of the states`);
    }
    transition.from.forEach((source, sourceIndex) => {
      if (source === ANY_STATE) {
        if (transition.from.length > 1) {
          report(`${at}.from[${sourceIndex}]`, 'anyAlone', `"${ANY_STATE}" (any state) stands alone in "from"`);
        }
      } else if (!stateNames.has(source)) {
        report(`${at}.from[${sourceIndex}]`, 'knownState', `"${source}" is not one of the states`);
      } else if (source === transition.to) {
        report(`${at}.from[${sourceIndex}]`, 'notSelf', `a transition cannot lead from "${source}" to itself`);
      }
    });
    // Every pair is recorded, even after a clash, so a later transition repeating another of them is reported too.
    let clashReported = false;
    for (const state of stateNames) {
      if (!leavesFrom(transition, state)) continue;
      const pair = `${state}\u0000${transition.to}`;
      const other = pairs.get(pair);
      if (other === undefined) {
        pairs.set(pair, transition.name);
      } else if (other !== transition.name && !clashReported) {
        report(at, 'uniquePath', `"${other}" already leads from "${state}" to "${transition.to}"`);
        clashReported = true;
      }
    }
    if (transition.permission !== undefined && !isPermission(transition.permission)) {
      report(`${at}.permission`, 'permission', `"${transition.permission}" is not in the permission catalog`);
    }
    transition.conditions?.requiredFields?.forEach((field, fieldIndex) => {
      if (!(REQUIRABLE_FIELDS as readonly string[]).includes(field)) {
        report(
          `${at}.conditions.requiredFields[${fieldIndex}]`,
          'requirableField',
          `"${field}" is not a field a transition can require; one of ${REQUIRABLE_FIELDS.join(', ')}`,
        );
      }
    });
    const rule = transition.conditions?.rule;
    if (rule) {
      const problem = ruleProblem(rule.logic);
      if (problem) report(`${at}.conditions.rule.logic${problem.at}`, 'jsonLogic', problem.message);
    }
  });

  if (stateNames.has(definition.initialState)) {
    const reachable = reachableStates(definition);
    definition.states.forEach((state, index) => {
      if (!reachable.has(state.name)) {
        report(
          `$.states[${index}]`,
          'reachable',
          `"${state.name}" cannot be reached from "${definition.initialState}"`,
        );
      }
    });
  }
  return problems;
}

/** The states a project can reach from the initial state. */
function reachableStates(definition: WorkflowDefinition): Set<string> {
  const reached = new Set([definition.initialState]);
  const pending = [definition.initialState];
  for (let state = pending.pop(); state !== undefined; state = pending.pop()) {
    for (const transition of definition.transitions) {
      if (leavesFrom(transition, state) && !reached.has(transition.to)) {
        reached.add(transition.to);
        pending.push(transition.to);
      }
    }
  }
  return reached;
}

/** `$.transitions[1].conditions.rule.logic['==']` → `transitions.1.conditions.rule.logic.==`. */
function dottedField(path: string): string {
  return path
    .replace(/^\$\.?/, '')
    .replace(/\['((?:[^'\\]|\\.)*)'\]/g, (_match, key: string) => `.${key.replace(/\\'/g, "'")}`)
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^\./, '');
}
