import { Injectable } from '@nestjs/common';
import { DomainEvent, EventConsumer } from '@keel/events';
import { ruleHolds } from '@keel/platform-rules';
import { AutomationRunsService } from '../runs/automation-runs.service';
import { AutomationRulesService } from './automation-rules.service';

/**
 * The consumer that fires rules: for each enabled rule listening to the
 * event's type, made before the event, whose condition holds, one run (its actions queued as jobs),
 * all in the delivery's transaction — so the event fires each rule once.
 */
@Injectable()
export class RuleTriggerConsumer implements EventConsumer {
  readonly name = 'automation.rules';
  readonly eventTypes = '*' as const;

  constructor(
    private readonly rules: AutomationRulesService,
    private readonly runs: AutomationRunsService,
  ) {}

  async handle(event: DomainEvent): Promise<void> {
    const occurredAt = Date.parse(event.occurredAt);
    for (const rule of await this.rules.listening(event.workspaceId, event.type)) {
      // A rule acts on what happens after it exists, however late the event is relayed.
      if (rule.createdAt.getTime() > occurredAt) continue;
      if (rule.condition !== null && !ruleHolds(rule.condition, { ...event })) continue;
      await this.runs.fire(rule, event);
    }
  }
}
