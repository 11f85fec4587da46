import { exceededBudget, NOTHING_SPENT } from './budget-check';

const write = { writes: 1, destructive: 0, units: 5 };
const read = { writes: 0, destructive: 0, units: 1 };

describe('exceededBudget', () => {
  it('should pass every call when there are no budgets', () => {
    expect(
      exceededBudget({}, { perExecution: { writes: 99, destructive: 9, units: 999 }, perDay: NOTHING_SPENT }, write),
    ).toBeUndefined();
  });

  it('should name the per-execution budget the call would take past its limit', () => {
    const budgets = { perExecution: { maxWrites: 2 } };

    expect(
      exceededBudget(budgets, { perExecution: { writes: 1, destructive: 0, units: 5 }, perDay: NOTHING_SPENT }, write),
    ).toBeUndefined();
    expect(
      exceededBudget(budgets, { perExecution: { writes: 2, destructive: 0, units: 10 }, perDay: NOTHING_SPENT }, write),
    ).toEqual({
      budget: 'perExecution.maxWrites',
      limit: 2,
    });
  });

  it('should let a read through a spent write budget, and stop it at a spent unit budget', () => {
    const spent = { perExecution: NOTHING_SPENT, perDay: { writes: 5, destructive: 0, units: 50 } };

    expect(exceededBudget({ perDay: { maxWrites: 5 } }, spent, read)).toBeUndefined();
    expect(exceededBudget({ perDay: { maxUnits: 50 } }, spent, read)).toEqual({ budget: 'perDay.maxUnits', limit: 50 });
  });
});
