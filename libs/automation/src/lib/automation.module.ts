import { Module, OnModuleInit } from '@nestjs/common';
import { EventConsumers, EventsModule } from '@keel/events';
import { JobHandlers, JobsModule } from '@keel/jobs';
import { TenancyModule } from '@keel/tenancy';
import { WorkflowsModule } from '@keel/workflows';
import { AutomationActionJob } from './actions/automation-action.job';
import { WebhookOutlet } from './actions/webhook-outlet';
import { AutomationRuleDirectory } from './rules/automation-rule-directory';
import { AutomationRulesService } from './rules/automation-rules.service';
import { RuleTriggerConsumer } from './rules/rule-trigger.consumer';
import { AutomationRunsService } from './runs/automation-runs.service';
import { WEBHOOK_OUTLET_IMPLEMENTATION, WebhooksModule } from './webhooks/webhooks.module';

/**
 * Automation rules over domain events (JSON-logic conditions; webhook,
 * transition and comment actions run as jobs, each once per event), and
 * webhook endpoints with signed deliveries. The routes are
 * AutomationHttpModule's.
 */
@Module({
  imports: [TenancyModule, EventsModule, JobsModule, WorkflowsModule, WebhooksModule],
  providers: [
    AutomationRulesService,
    AutomationRuleDirectory,
    AutomationRunsService,
    RuleTriggerConsumer,
    AutomationActionJob,
    { provide: WebhookOutlet, useExisting: WEBHOOK_OUTLET_IMPLEMENTATION },
  ],
  // For AutomationHttpModule's controllers; the directory for other contexts.
  exports: [AutomationRulesService, AutomationRunsService, AutomationRuleDirectory],
})
export class AutomationModule implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly handlers: JobHandlers,
    private readonly trigger: RuleTriggerConsumer,
    private readonly actionJob: AutomationActionJob,
  ) {}

  onModuleInit(): void {
    this.consumers.register(this.trigger);
    this.handlers.register(this.actionJob);
  }
}
