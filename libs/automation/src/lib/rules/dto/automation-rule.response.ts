import { ActorReferenceResponse } from '@keel/identity';
import { AutomationRule } from '../automation-rule.entity';
import { AutomationActionDto, AutomationTriggerDto } from './automation-rule.dto';

export class AutomationRuleResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a70" */
  id: string;
  /** @example "Comment when review starts" */
  name: string;
  /** @example true */
  enabled: boolean;
  trigger: AutomationTriggerDto;
  actions: AutomationActionDto[];
  /** Who made the rule; its actions run with automation's own permissions, whoever it was. */
  createdBy: ActorReferenceResponse | null;
  /** @example "2026-11-29T10:00:00.000Z" */
  createdAt: string;
  /** @example "2026-11-29T10:00:00.000Z" */
  updatedAt: string;

  static of(rule: AutomationRule): AutomationRuleResponse {
    return {
      id: rule.id,
      name: rule.name,
      enabled: rule.enabled,
      trigger: { eventType: rule.eventType, condition: rule.condition },
      actions: rule.actions,
      createdBy: ActorReferenceResponse.of(rule.createdByType, rule.createdById),
      createdAt: rule.createdAt.toISOString(),
      updatedAt: rule.updatedAt.toISOString(),
    };
  }
}

export class AutomationRuleListResponse {
  data: AutomationRuleResponse[];
  /** @example null */
  nextCursor: string | null;
}
