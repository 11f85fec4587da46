import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** A Markdown comment on a project, by a user or an API key. */
@Entity({ name: 'comments' })
@Index(['workspaceId', 'projectId', 'id'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('Project', ['workspaceId', 'projectId'], ['workspaceId', 'id'], { onDelete: 'CASCADE' })
export class Comment {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  projectId: string;

  /** `user` or `api-key`. */
  @Column('text')
  authorType: string;

  @Column('uuid')
  authorId: string;

  @Column('text')
  body: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}
