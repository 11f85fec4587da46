import type { BudgetLimits, PolicyBudgets } from '../policy/policy-document';

/** What calls have spent: writes, destructive calls and budget units. */
export interface Spend {
  writes: number;
  destructive: number;
  units: number;
}

export const NOTHING_SPENT: Spend = { writes: 0, destructive: 0, units: 0 };

const LIMITS: readonly { limit: keyof BudgetLimits; spend: keyof Spend }[] = [
  { limit: 'maxWrites', spend: 'writes' },
  { limit: 'maxDestructive', spend: 'destructive' },
  { limit: 'maxUnits', spend: 'units' },
];

/**
 * The first budget `call` would take past its limit (`perExecution.maxWrites`,
 * `perDay.maxUnits`…), with the limit; undefined when the call fits every budget.
 */
export function exceededBudget(
  budgets: PolicyBudgets,
  spent: { perExecution: Spend; perDay: Spend },
  call: Spend,
): { budget: string; limit: number } | undefined {
  for (const scope of ['perExecution', 'perDay'] as const) {
    const limits = budgets[scope];
    if (!limits) continue;
    for (const { limit, spend } of LIMITS) {
      const max = limits[limit];
      if (max !== undefined && call[spend] > 0 && spent[scope][spend] + call[spend] > max) {
        return { budget: `${scope}.${limit}`, limit: max };
      }
    }
  }
  return undefined;
}
