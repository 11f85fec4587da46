import { Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';

export type MeterAggregation = 'sum' | 'count' | 'max' | 'unique_count';

/** What a workspace counts from its usage events of one type. */
@Entity({ name: 'meters' })
@Unique(['workspaceId', 'key'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class Meter {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  key: string;

  @Column('text')
  eventType: string;

  @Column('text')
  aggregation: MeterAggregation;

  /** The property holding the value (sum, max) or the counted value (unique_count); else the event's `value`. */
  @Column('text', { nullable: true })
  valueProperty: string | null;

  @Column('text', { array: true })
  groupBy: string[];

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
