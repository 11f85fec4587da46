import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/** A conversation that prompt-mode executions append to, and read as their history. */
@Entity({ name: 'ai_threads' })
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class AiThread {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { default: '' })
  title: string;

  /** `user` or `api-key`: only they (or a holder of ai:manage) see the thread. */
  @Column('text')
  createdByType: string;

  @Column('uuid')
  createdById: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  /** When a message was last appended. */
  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}
