import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/** One usage event as reported, kept for the dedupe window; its id is the client's. */
@Entity({ name: 'usage_events' })
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class UsageEvent {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('text')
  id: string;

  @Column('text')
  type: string;

  @Column('timestamptz')
  occurredAt: Date;

  @Column('double precision', { nullable: true })
  value: number | null;

  @Column('jsonb', { nullable: true })
  properties: Record<string, unknown> | null;

  @Column('timestamptz', { default: () => 'now()' })
  receivedAt: Date;
}

/** A meter's aggregate for one hour and one group: what usage reads and entitlements sum. */
@Entity({ name: 'usage_rollups' })
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class UsageRollup {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('text')
  meterKey: string;

  @PrimaryColumn('timestamptz')
  bucketStart: Date;

  /** The canonical JSON of `groupValues` ('' without grouping). */
  @PrimaryColumn('text')
  groupKey: string;

  @Column('jsonb')
  groupValues: Record<string, unknown>;

  @Column('double precision')
  value: number;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}

/** A distinct value a unique_count meter saw in one hour and group. */
@Entity({ name: 'usage_unique_values' })
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class UsageUniqueValue {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('text')
  meterKey: string;

  @PrimaryColumn('timestamptz')
  bucketStart: Date;

  @PrimaryColumn('text')
  groupKey: string;

  @PrimaryColumn('text')
  uniqueValue: string;
}

/** A correction of a meter's usage: added to the rollups, never an edit of events. */
@Entity({ name: 'usage_adjustments' })
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class UsageAdjustment {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  meterKey: string;

  @Column('timestamptz')
  period: Date;

  @Column('double precision')
  delta: number;

  @Column('text')
  reason: string;

  @Column('text', { nullable: true })
  createdByType: string | null;

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
