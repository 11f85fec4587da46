import type { SealedColumn } from '@keel/platform-crypto';
import { WebhookDeliveryAttempt } from './deliveries/webhook-delivery-attempt.entity';
import { WebhookDelivery } from './deliveries/webhook-delivery.entity';
import { WebhookEndpoint } from './endpoints/webhook-endpoint.entity';
import { webhookPreviousSecretSealedColumn, webhookSecretSealedColumn } from './endpoints/webhook-secret-sealing';
import { Webhooks1764000005100 } from '../../migrations/1764000005100-webhooks';
import { WebhookSecretRotation1764000006500 } from '../../migrations/1764000006500-webhook-secret-rotation';

/** The webhooks tables. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const webhooksEntities: Function[] = [WebhookEndpoint, WebhookDelivery, WebhookDeliveryAttempt];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const webhooksMigrations: Function[] = [Webhooks1764000005100, WebhookSecretRotation1764000006500];

/** Columns sealed under the master key, re-sealed by `crypto:rotate`. */
export const webhookSealedColumns: SealedColumn[] = [webhookSecretSealedColumn, webhookPreviousSecretSealedColumn];
