import { Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';

/**
 * `pending`: an attempt is scheduled (or running); `delivered`: the last
 * attempt got a 2xx; `failed`: every scheduled attempt failed; `cancelled`:
 * the endpoint was disabled when an attempt was due.
 */
export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

/**
 * One message for one endpoint: an event the endpoint subscribes to, or one
 * an automation sent it. The dedupe key makes it unique per endpoint, so a
 * repeated enqueue finds the delivery it made before.
 */
@Entity({ name: 'webhook_deliveries' })
@Unique(['workspaceId', 'endpointId', 'dedupeKey'])
@Index(['workspaceId', 'endpointId', 'id'])
@Index(['expiresAt'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('WebhookEndpoint', ['workspaceId', 'endpointId'], ['workspaceId', 'id'], { onDelete: 'CASCADE' })
export class WebhookDelivery {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  endpointId: string;

  /** `event:<eventId>` for the endpoint's subscriptions; the caller's own key for automation actions. */
  @Column('text')
  dedupeKey: string;

  /** The event sent (the body's `id`); the `webhook-id` is the delivery's own (webhookMessageId). */
  @Column('uuid')
  eventId: string;

  @Column('text')
  eventType: string;

  /** The exact JSON sent (the DomainEvent): every attempt signs and sends these bytes. */
  @Column('text')
  body: string;

  @Column('text')
  status: WebhookDeliveryStatus;

  /** Attempts recorded so far; the next attempt is number attemptCount + 1. */
  @Column('integer', { default: 0 })
  attemptCount: number;

  /** When the next scheduled attempt is due; null when none is scheduled. */
  @Column('timestamptz', { nullable: true })
  nextAttemptAt: Date | null;

  @Column('timestamptz', { nullable: true })
  deliveredAt: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;

  /** Housekeeping deletes the delivery (and its attempts) after this. */
  @Column('timestamptz')
  expiresAt: Date;
}
