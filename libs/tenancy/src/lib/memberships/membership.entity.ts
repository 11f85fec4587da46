import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** A user's place in a workspace, with the key of their role. */
@Entity({ name: 'memberships' })
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('Role', ['workspaceId', 'roleKey'], ['workspaceId', 'key'])
// The one index not led by workspace_id: "my workspaces" looks memberships up by user across tenants.
@Index('memberships_user_id_idx', ['userId'])
export class Membership {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  @ForeignKey('User', { onDelete: 'CASCADE' })
  userId: string;

  @Column('text')
  roleKey: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}
