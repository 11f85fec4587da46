import { Module, OnModuleInit } from '@nestjs/common';
import { EventCatalog, EventConsumers, EventsModule } from '@keel/events';
import { ExpiringTables } from '@keel/platform-queue';
import { TenancyModule } from '@keel/tenancy';
import { WebhookAttemptRunner } from './attempts/webhook-attempt-runner';
import { WebhookAttempts } from './attempts/webhook-attempts.service';
import { WebhookDeliveriesService } from './deliveries/webhook-deliveries.service';
import { WebhookEventConsumer } from './deliveries/webhook-event-consumer';
import { WebhookEndpointsService } from './endpoints/webhook-endpoints.service';
import { WEBHOOK_EVENT_DEFINITIONS } from './webhook-event-types';
import { WebhookMetrics } from './webhook-metrics';

/**
 * What automation actions call (`enqueueDelivery`, `endpointExists`): the
 * deliveries service, exported under this token.
 */
export const WEBHOOK_OUTLET_IMPLEMENTATION = WebhookDeliveriesService;

/**
 * Webhook endpoints and their signed deliveries (Standard Webhooks): the
 * `webhooks` event consumer turns events into deliveries, each attempt is a
 * pg-boss job, failures are retried on a schedule, and an endpoint failing
 * for 5 days is disabled. The routes are WebhooksHttpModule's.
 */
@Module({
  imports: [TenancyModule, EventsModule],
  providers: [
    WebhookEndpointsService,
    WebhookDeliveriesService,
    WebhookAttempts,
    WebhookAttemptRunner,
    WebhookEventConsumer,
    WebhookMetrics,
  ],
  exports: [WebhookDeliveriesService, WebhookEndpointsService],
})
export class WebhooksModule implements OnModuleInit {
  constructor(
    private readonly catalog: EventCatalog,
    private readonly consumers: EventConsumers,
    private readonly consumer: WebhookEventConsumer,
    private readonly expiring: ExpiringTables,
  ) {}

  onModuleInit(): void {
    this.catalog.register(...WEBHOOK_EVENT_DEFINITIONS);
    this.consumers.register(this.consumer);
    this.expiring.register({ table: 'webhook_deliveries', expiresAtColumn: 'expires_at' });
  }
}
