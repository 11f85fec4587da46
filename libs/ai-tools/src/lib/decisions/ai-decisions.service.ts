import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { insertRows, newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { AiDecision } from './ai-decision.entity';

export interface DecisionFilter {
  tool?: string;
  effect?: string;
  executionId?: string;
}

/** The decision log: one row per decision on a real call, never changed. */
@Injectable()
export class AiDecisionsService {
  constructor(private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>) {}

  private get decisions() {
    return this.txHost.tx.getRepository(AiDecision);
  }

  async record(workspaceId: string, decision: Omit<AiDecision, 'workspaceId' | 'id' | 'at'>): Promise<AiDecision> {
    const row: AiDecision = { workspaceId, id: newId(), at: new Date(), ...decision };
    await insertRows(this.txHost.tx, AiDecision, row);
    return row;
  }

  /** Newest first. */
  list(workspaceId: string, filter: DecisionFilter, limit: number, beforeId?: string): Promise<AiDecision[]> {
    const query = this.decisions
      .createQueryBuilder('decision')
      .where('decision.workspace_id = :workspaceId', { workspaceId })
      .orderBy('decision.id', 'DESC')
      .limit(limit + 1);
    if (filter.tool) query.andWhere('decision.tool = :tool', { tool: filter.tool });
    if (filter.effect) query.andWhere('decision.effect = :effect', { effect: filter.effect });
    if (filter.executionId) query.andWhere('decision.execution_id = :executionId', { executionId: filter.executionId });
    if (beforeId) query.andWhere('decision.id < :beforeId', { beforeId });
    return query.getMany();
  }
}
