import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import Stripe from 'stripe';
import { Outbox } from '@keel/events';
import { newId, SafeTypeOrmTransactionalAdapter, TenantTransactions } from '@keel/platform-database';
import { DomainError, isUuid } from '@keel/platform-errors';
import { BILLING_EVENT_VERSION, BILLING_PROVIDER_EVENT_RECEIVED } from '../billing-events';
import { BillingConfig } from '../billing-config';

/** Stripe's own tolerance: a signature more than 5 minutes old (a replayed capture) is refused. */
const TOLERANCE_SECONDS = 300;

/** What receiving one webhook came to. */
export interface WebhookReceipt {
  /** `accepted` (new: it will be processed once), `duplicate` (this event id was received before), `ignored` (not a Keel object). */
  result: 'accepted' | 'duplicate' | 'ignored';
  eventId: string;
}

type StripeObject = { id?: unknown; metadata?: unknown; status_transitions?: unknown } & Record<string, unknown>;

/** When the change an event reports happened, by the object's own timestamps (else the event's creation). */
export function occurredAtOf(event: { type: string; created: number; data: { object: unknown } }): Date {
  const object = event.data.object as unknown as StripeObject;
  const transitions = (object.status_transitions ?? {}) as Record<string, unknown>;
  const stamp =
    event.type === 'invoice.paid'
      ? transitions.paid_at
      : event.type === 'invoice.voided'
        ? transitions.voided_at
        : event.type === 'invoice.marked_uncollectible'
          ? transitions.marked_uncollectible_at
          : null;
  return new Date((typeof stamp === 'number' ? stamp : event.created) * 1000);
}

/**
 * `POST /v1/billing/webhooks/stripe`: verifies the Stripe-Signature over the
 * raw body (`stripe.webhooks.constructEvent`, 5-minute tolerance), then puts
 * the event in the workspace's inbox (`billing_provider_events`, unique by
 * Stripe's event id) and, the first time only, publishes
 * `billing.provider_event_received` in the same transaction: the event
 * backbone then hands it to `ProviderEventConsumer` at least once, which
 * acts on it exactly once. The workspace is the one Keel wrote in the
 * object's metadata (`keel_workspace_id`); an object without one is not
 * Keel's and is acknowledged without effect.
 */
@Injectable()
export class StripeWebhooks {
  private readonly logger = new Logger(StripeWebhooks.name);
  private readonly stripe: Stripe;

  constructor(
    private readonly config: BillingConfig,
    private readonly tenants: TenantTransactions,
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly outbox: Outbox,
  ) {
    // Verifying a signature makes no request: the key is only what the SDK's constructor asks for.
    this.stripe = new Stripe(config.STRIPE_SECRET_KEY ?? 'sk_unused');
  }

  async receive(rawBody: Buffer | undefined, signature: string | undefined): Promise<WebhookReceipt> {
    const secret = this.config.STRIPE_WEBHOOK_SECRET;
    if (this.config.BILLING_PROVIDER !== 'stripe' || !secret) {
      throw new DomainError('BILLING_PROVIDER_NOT_CONFIGURED', 'This deployment does not take Stripe webhooks.');
    }
    let event: Stripe.Event;
    try {
      if (!rawBody || !signature) throw new Error('no body or no Stripe-Signature header');
      event = this.stripe.webhooks.constructEvent(rawBody, signature, secret, TOLERANCE_SECONDS);
    } catch (error) {
      this.logger.warn({ err: { message: (error as Error).message }, msg: 'Stripe webhook signature refused' });
      throw new DomainError(
        'WEBHOOK_SIGNATURE_INVALID',
        'The Stripe-Signature header does not verify this body with the endpoint’s signing secret, or is more than 5 minutes old.',
      );
    }
    const object = event.data.object as unknown as StripeObject;
    const metadata = (object.metadata ?? {}) as Record<string, unknown>;
    const workspaceId = metadata.keel_workspace_id;
    if (typeof workspaceId !== 'string' || !isUuid(workspaceId)) return { result: 'ignored', eventId: event.id };
    const inserted = await this.tenants.runInTenantTransaction(workspaceId, async () => {
      const exists = await this.txHost.tx.query(`SELECT 1 FROM workspaces WHERE id = $1`, [workspaceId]);
      if ((exists as unknown[]).length === 0) return null;
      const rows: { id: string }[] = await this.txHost.tx.query(
        `INSERT INTO billing_provider_events
           (workspace_id, id, provider, provider_event_id, type, object_id, object, occurred_at)
         VALUES ($1, $2, 'stripe', $3, $4, $5, $6, $7)
         ON CONFLICT (workspace_id, provider, provider_event_id) DO NOTHING
         RETURNING id`,
        [workspaceId, newId(), event.id, event.type, String(object.id ?? ''), object, occurredAtOf(event)],
      );
      if (rows.length === 0) return false;
      await this.outbox.publish(workspaceId, {
        type: BILLING_PROVIDER_EVENT_RECEIVED,
        version: BILLING_EVENT_VERSION,
        data: { provider: 'stripe', providerEventId: event.id, type: event.type, objectId: String(object.id ?? '') },
      });
      return true;
    });
    if (inserted === null) return { result: 'ignored', eventId: event.id };
    return { result: inserted ? 'accepted' : 'duplicate', eventId: event.id };
  }
}
