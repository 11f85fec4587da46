import type { SealedColumn } from '@keel/platform-crypto';
import { WebhookDeliveryAttempt } from './deliveries/webhook-delivery-attempt.entity';
import { WebhookDelivery } from './deliveries/webhook-delivery.entity';
import { WebhookEndpoint } from './endpoints/webhook-endpoint.entity';
import { webhookSecretSealedColumn } from './endpoints/webhook-secret-sealing';
import { Webhooks1764000005100 } from '../../migrations/1764000005100-webhooks';

/** The webhooks tables. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const webhooksEntities: Function[] = [WebhookEndpoint, WebhookDelivery, WebhookDeliveryAttempt];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const webhooksMigrations: Function[] = [Webhooks1764000005100];

/** Columns sealed under the master key, re-sealed by `crypto:rotate`. */
export const webhookSealedColumns: SealedColumn[] = [webhookSecretSealedColumn];
