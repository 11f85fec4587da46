import { Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';

/**
 * One webhook event of the payment provider, kept by its id: the inbox that
 * makes a redelivery (or a replay) of the same event a no-op. `outcome` says
 * what processing it did: `applied`, `stale` (older than what the object
 * already had), `duplicate` (the state it brings was already recorded) or
 * `ignored` (a type or object Keel does not act on).
 */
@Entity({ name: 'billing_provider_events' })
@Unique(['workspaceId', 'provider', 'providerEventId'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class ProviderEvent {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  provider: string;

  @Column('text')
  providerEventId: string;

  @Column('text')
  type: string;

  @Column('text')
  objectId: string;

  /** The object as the event carried it. */
  @Column('jsonb')
  object: Record<string, unknown>;

  /** When the change it reports happened, by the object's own timestamps (else the event's creation). */
  @Column('timestamptz')
  occurredAt: Date;

  @Column('text', { nullable: true })
  outcome: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  receivedAt: Date;

  @Column('timestamptz', { nullable: true })
  processedAt: Date | null;
}
