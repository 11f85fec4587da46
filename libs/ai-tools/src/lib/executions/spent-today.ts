import type { EntityManager } from 'typeorm';
import type { AiPolicyVersion } from '../policy/ai-policy-version.entity';
import { NOTHING_SPENT, Spend } from './budget-check';

/**
 * What the workspace's tool calls spent since 00:00 UTC today: what `perDay`
 * budgets count. With a per-day budget, first takes the workspace's budget
 * lock for the transaction: two executions reading today's spend at once
 * could both fit the last unit, so they run one at a time per workspace.
 * Without one, nothing reads it: the sum is not read at all (it covers every
 * call of the day, so it grows with them).
 */
export async function spentToday(
  tx: EntityManager,
  workspaceId: string,
  policy: AiPolicyVersion | null,
): Promise<Spend> {
  if (!policy?.budgets.perDay) return { ...NOTHING_SPENT };
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('ai-budget:' || $1, 0))`, [workspaceId]);
  const midnight = new Date();
  midnight.setUTCHours(0, 0, 0, 0);
  const [row] = (await tx.query(
    `SELECT coalesce(sum(writes), 0)::int AS writes, coalesce(sum(destructive), 0)::int AS destructive,
            coalesce(sum(units), 0)::int AS units
       FROM ai_execution_steps
      WHERE workspace_id = $1 AND created_at >= $2`,
    [workspaceId, midnight],
  )) as Spend[];
  return { writes: row.writes, destructive: row.destructive, units: row.units };
}
