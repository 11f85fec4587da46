import { Module } from '@nestjs/common';
import { EventsModule } from '@keel/events';
import { TenancyModule } from '@keel/tenancy';
import { WebhookDeliveriesController } from './deliveries/webhook-deliveries.controller';
import { WebhookEndpointsController } from './endpoints/webhook-endpoints.controller';
import { WebhooksModule } from './webhooks.module';

/** The webhook routes: endpoints, their deliveries, and retrying one. */
@Module({
  imports: [WebhooksModule, TenancyModule, EventsModule],
  controllers: [WebhookEndpointsController, WebhookDeliveriesController],
})
export class WebhooksHttpModule {}
