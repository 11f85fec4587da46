export { WebhooksModule, WEBHOOK_OUTLET_IMPLEMENTATION } from './webhooks.module';
export { webhooksEntities, webhooksMigrations, webhookSealedColumns } from './webhooks-schema';
export { WebhookDeliveriesService } from './deliveries/webhook-deliveries.service';
export { WEBHOOK_ENDPOINT_DISABLED } from './webhook-event-types';
export { describeWebhooks } from './webhook-reference';
