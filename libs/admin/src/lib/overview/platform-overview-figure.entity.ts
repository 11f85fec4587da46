import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One cached figure of the platform overview, and when it was computed. */
@Entity({ name: 'platform_overview_figures' })
export class PlatformOverviewFigure {
  @PrimaryColumn('text')
  name: string;

  @Column('jsonb', { nullable: true })
  value: unknown;

  @Column('timestamptz')
  computedAt: Date;
}
