export { ruleProblem, ruleHolds } from './lib/json-logic-rule';
export type { RuleProblem } from './lib/json-logic-rule';
