import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { AutomationAction } from './automation-action';

/** When an event of `eventType` matching `condition` (JSON-logic over the event) happens, run `actions`. */
@Entity({ name: 'automation_rules' })
@Index(['workspaceId', 'eventType'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class AutomationRule {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('boolean', { default: true })
  enabled: boolean;

  @Column('text')
  eventType: string;

  /** JSON-logic over the event; null: every event of the type. */
  @Column('jsonb', { nullable: true })
  condition: Record<string, unknown> | null;

  @Column('jsonb')
  actions: AutomationAction[];

  @Column('text', { nullable: true })
  createdByType: string | null;

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}
