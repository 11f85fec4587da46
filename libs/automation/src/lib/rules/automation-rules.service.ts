import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { EventCatalog } from '@keel/events';
import { ActorContext, actorReference, AuditLog } from '@keel/identity';
import { insertRows, newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { ruleHolds } from '@keel/platform-rules';
import { ProjectActions } from '@keel/workflows';
import { WebhookOutlet } from '../actions/webhook-outlet';
import { AutomationAction, MAX_AUTOMATION_DEPTH } from './automation-action';
import { AutomationRule } from './automation-rule.entity';
import { CreateAutomationRuleDto, UpdateAutomationRuleDto } from './dto/automation-rule.dto';
import { SampleEventDto } from './dto/rule-test.dto';
import { RuleTestResponse } from './dto/rule-test.response';
import { resolveAction } from './resolve-action';
import { RuleDraft, ruleProblems } from './rule-validation';

/** Automation rules of a workspace; in its tenant transaction. */
@Injectable()
export class AutomationRulesService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly catalog: EventCatalog,
    private readonly webhooks: WebhookOutlet,
    private readonly actors: ActorContext,
    private readonly audit: AuditLog,
    private readonly projects: ProjectActions,
  ) {}

  private get rules() {
    return this.txHost.tx.getRepository(AutomationRule);
  }

  async create(workspaceId: string, dto: CreateAutomationRuleDto): Promise<AutomationRule> {
    const draft: RuleDraft = {
      eventType: dto.trigger.eventType,
      condition: dto.trigger.condition ?? null,
      actions: dto.actions,
    };
    await this.assertValid(workspaceId, draft);
    const creator = actorReference(this.actors.actor);
    const now = new Date();
    const rule: AutomationRule = {
      workspaceId,
      id: newId(),
      name: dto.name,
      enabled: dto.enabled ?? true,
      eventType: draft.eventType,
      condition: draft.condition,
      actions: stripUndefined(dto.actions),
      createdByType: creator.type,
      createdById: creator.id,
      createdAt: now,
      updatedAt: now,
    };
    await insertRows(this.txHost.tx, AutomationRule, rule);
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'automation_rule.created',
      target: { type: 'automation-rule', id: rule.id },
      data: ruleSummary(rule),
    });
    return rule;
  }

  async get(workspaceId: string, ruleId: string): Promise<AutomationRule> {
    const rule = await this.rules.findOneBy({ workspaceId, id: ruleId });
    if (!rule) throw new DomainError('NOT_FOUND', 'No automation rule of this workspace has this id.');
    return rule;
  }

  /** Newest first. */
  list(workspaceId: string, limit: number, beforeId?: string): Promise<AutomationRule[]> {
    const query = this.rules
      .createQueryBuilder('rule')
      .where('rule.workspace_id = :workspaceId', { workspaceId })
      .orderBy('rule.id', 'DESC')
      .limit(limit + 1);
    if (beforeId) query.andWhere('rule.id < :beforeId', { beforeId });
    return query.getMany();
  }

  /** The enabled rules listening to `eventType`. */
  listening(workspaceId: string, eventType: string): Promise<AutomationRule[]> {
    return this.rules.find({ where: { workspaceId, eventType, enabled: true }, order: { id: 'ASC' } });
  }

  async update(workspaceId: string, ruleId: string, dto: UpdateAutomationRuleDto): Promise<AutomationRule> {
    const rule = await this.get(workspaceId, ruleId);
    const next: AutomationRule = {
      ...rule,
      name: dto.name ?? rule.name,
      enabled: dto.enabled ?? rule.enabled,
      eventType: dto.trigger?.eventType ?? rule.eventType,
      condition: dto.trigger ? (dto.trigger.condition ?? null) : rule.condition,
      actions: dto.actions ? stripUndefined(dto.actions) : rule.actions,
      updatedAt: new Date(),
    };
    await this.assertValid(workspaceId, {
      eventType: next.eventType,
      condition: next.condition,
      actions: next.actions,
    });
    await this.txHost.tx
      .createQueryBuilder()
      .update(AutomationRule)
      .set({
        name: next.name,
        enabled: next.enabled,
        eventType: next.eventType,
        condition: next.condition,
        actions: next.actions,
        updatedAt: next.updatedAt,
      } as QueryDeepPartialEntity<AutomationRule>)
      .where('workspace_id = :workspaceId AND id = :ruleId', { workspaceId, ruleId })
      .execute();
    const changed = RULE_FIELDS.filter((field) => !isDeepStrictEqual(rule[field], next[field]));
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'automation_rule.updated',
      target: { type: 'automation-rule', id: ruleId },
      data: { changed, ...ruleSummary(next) },
    });
    return next;
  }

  /**
   * Deletes the rule and its runs. Actions first, then runs, then the rule:
   * the order an action job locks them in (its action, then its run), so a
   * delete racing a running action waits for it instead of deadlocking.
   */
  async delete(workspaceId: string, ruleId: string): Promise<void> {
    const rule = await this.get(workspaceId, ruleId);
    await this.txHost.tx.query(
      `DELETE FROM automation_run_actions
        WHERE workspace_id = $1 AND run_id IN (SELECT id FROM automation_runs WHERE workspace_id = $1 AND rule_id = $2)`,
      [workspaceId, ruleId],
    );
    await this.txHost.tx.query('DELETE FROM automation_runs WHERE workspace_id = $1 AND rule_id = $2', [
      workspaceId,
      ruleId,
    ]);
    await this.rules.delete({ workspaceId, id: ruleId });
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'automation_rule.deleted',
      target: { type: 'automation-rule', id: ruleId },
      data: { name: rule.name, eventType: rule.eventType },
    });
  }

  /** Which actions the rule would run for `sample`, and with what input; nothing is written. */
  async test(workspaceId: string, ruleId: string, sample: SampleEventDto): Promise<RuleTestResponse> {
    const rule = await this.get(workspaceId, ruleId);
    const type = sample.type ?? rule.eventType;
    const definition = this.catalog.get(type);
    if (!definition) {
      throw new DomainError('VALIDATION_FAILED', `"${type}" is not in the event catalog.`, {
        errors: [{ field: 'event.type', path: '$.event.type', rule: 'eventType', message: 'unknown event type' }],
      });
    }
    try {
      this.catalog.assertValid(type, definition.version, sample.data);
    } catch (error) {
      throw new DomainError('VALIDATION_FAILED', (error as Error).message, {
        errors: [{ field: 'event.data', path: '$.event.data', rule: 'schema', message: (error as Error).message }],
      });
    }
    const event = {
      id: newId(),
      workspaceId,
      type,
      version: definition.version,
      occurredAt: new Date().toISOString(),
      actor: null,
      data: sample.data,
      traceparent: null,
      causationId: null,
      depth: sample.depth ?? 0,
    };
    const verdict = (
      wouldFire: boolean,
      reason: string | null,
      conditionMatched: boolean | null,
    ): RuleTestResponse => ({
      wouldFire,
      reason,
      conditionMatched,
      actions: wouldFire
        ? rule.actions.map((action, index) => ({ index, type: action.type, input: resolveAction(action, event) }))
        : [],
    });
    if (!rule.enabled) return verdict(false, 'The rule is disabled.', null);
    if (type !== rule.eventType) return verdict(false, `The rule listens to ${rule.eventType}, not ${type}.`, null);
    if (event.depth > MAX_AUTOMATION_DEPTH) {
      return verdict(false, `Loop protection: the event's depth ${event.depth} is past ${MAX_AUTOMATION_DEPTH}.`, null);
    }
    if (rule.condition === null) return verdict(true, null, null);
    const matched = ruleHolds(rule.condition, event);
    return verdict(matched, matched ? null : 'The condition does not hold for this event.', matched);
  }

  private async assertValid(workspaceId: string, draft: RuleDraft): Promise<void> {
    const problems = await ruleProblems(
      draft,
      (type) => this.catalog.get(type),
      (endpointId) => this.webhooks.endpointExists(workspaceId, endpointId),
      (projectId) => this.projects.projectExists(workspaceId, projectId),
    );
    if (problems.length > 0) {
      throw new DomainError('AUTOMATION_INVALID', `The rule has ${problems.length} problem(s); see errors.`, {
        errors: problems,
      });
    }
  }
}

/** What a rule's audit event says of it: enough to tell which rule and what it did, not its whole condition. */
function ruleSummary(rule: AutomationRule): Record<string, unknown> {
  return {
    name: rule.name,
    enabled: rule.enabled,
    eventType: rule.eventType,
    actions: rule.actions.map((action) => action.type),
  };
}

/** The fields a change may touch, as the audit event names them. */
const RULE_FIELDS = ['name', 'enabled', 'eventType', 'condition', 'actions'] as const;

/** The actions as stored: only the fields that were given. */
function stripUndefined(actions: ReadonlyArray<object>): AutomationAction[] {
  return actions.map(
    (action) =>
      Object.fromEntries(Object.entries(action).filter(([, value]) => value !== undefined)) as AutomationAction,
  );
}
