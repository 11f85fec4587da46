import { Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';

export type EventDeliveryStatus = 'delivered' | 'retrying' | 'dead';

/**
 * What became of one event at one consumer. `delivered` is written in the
 * transaction of the consumer's effect, and is what makes a repeat delivery a
 * no-op; failures are counted in a transaction of their own; `dead` rows are
 * the dead letters, which can be replayed.
 */
@Entity({ name: 'event_deliveries' })
@Unique(['workspaceId', 'consumer', 'eventId'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class EventDelivery {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  consumer: string;

  @Column('uuid')
  eventId: string;

  @Column('text')
  eventType: string;

  @Column('text')
  status: EventDeliveryStatus;

  /** Attempts that ran to an outcome (a lost attempt is not counted). */
  @Column('integer', { default: 0 })
  attempts: number;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;

  @Column('timestamptz', { nullable: true })
  deliveredAt: Date | null;
}
