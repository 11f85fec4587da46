import { Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';
import type { WebhookAttemptOutcome } from './webhook-attempt-outcome';

/** One POST of a delivery to its endpoint, and what came back. */
@Entity({ name: 'webhook_delivery_attempts' })
@Unique(['workspaceId', 'deliveryId', 'number'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('WebhookDelivery', ['workspaceId', 'deliveryId'], ['workspaceId', 'id'], { onDelete: 'CASCADE' })
export class WebhookDeliveryAttempt {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  deliveryId: string;

  /** 1 for the first attempt; unique per delivery, so an attempt is recorded once. */
  @Column('integer')
  number: number;

  /** Asked for through the retry route rather than made on the schedule. */
  @Column('boolean', { default: false })
  manual: boolean;

  @Column('text')
  outcome: WebhookAttemptOutcome;

  @Column('integer', { nullable: true })
  statusCode: number | null;

  @Column('integer')
  latencyMs: number;

  /** The first 1 KiB of the response body. */
  @Column('text', { nullable: true })
  responseExcerpt: string | null;

  /** Why no response came (timeout, connection error, refused address). */
  @Column('text', { nullable: true })
  error: string | null;

  @Column('timestamptz')
  attemptedAt: Date;
}
