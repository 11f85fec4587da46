import { Module } from '@nestjs/common';
import { TenancyModule } from '@keel/tenancy';
import { AutomationModule } from './automation.module';
import { AutomationsController } from './rules/automations.controller';
import { AutomationRunsController } from './runs/automation-runs.controller';
import { WebhooksHttpModule } from './webhooks/webhooks-http.module';

/** The automation routes: rules, their runs and replays, and the webhook routes. */
@Module({
  imports: [AutomationModule, TenancyModule, WebhooksHttpModule],
  controllers: [AutomationsController, AutomationRunsController],
})
export class AutomationHttpModule {}
