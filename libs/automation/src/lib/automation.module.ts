import { Module, OnModuleInit } from '@nestjs/common';
import { EventConsumers, EventsModule } from '@keel/events';
import { JobHandlers, JobsModule } from '@keel/jobs';
import { TenancyModule } from '@keel/tenancy';
import { WorkflowsModule } from '@keel/workflows';
import { AutomationActionJob } from './actions/automation-action.job';
import { WebhookOutlet } from './actions/webhook-outlet';
import { AutomationRules } from './rules/automation-rules.service';
import { AutomationsController } from './rules/automations.controller';
import { RuleTriggerConsumer } from './rules/rule-trigger.consumer';
import { AutomationRunsController } from './runs/automation-runs.controller';
import { AutomationRuns } from './runs/automation-runs.service';
import { WEBHOOK_OUTLET_IMPLEMENTATION, WebhooksModule } from './webhooks/webhooks.module';

/**
 * Automation rules over domain events (JSON-logic conditions; webhook,
 * transition and comment actions run as jobs, each once per event), and
 * webhook endpoints with signed deliveries.
 */
@Module({
  imports: [TenancyModule, EventsModule, JobsModule, WorkflowsModule, WebhooksModule],
  controllers: [AutomationsController, AutomationRunsController],
  providers: [
    AutomationRules,
    AutomationRuns,
    RuleTriggerConsumer,
    AutomationActionJob,
    { provide: WebhookOutlet, useExisting: WEBHOOK_OUTLET_IMPLEMENTATION },
  ],
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
