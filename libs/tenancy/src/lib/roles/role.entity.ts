import { Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';

/**
 * A role of a workspace: the four built-in ones (their permissions come from
 * code) and any custom role, whose permissions are stored here. Memberships
 * and invites name a role by its key.
 */
@Entity({ name: 'roles' })
@Unique(['workspaceId', 'key'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class Role {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  /** `owner`, `admin`, `member`, `viewer` or a custom key such as `billing-manager`. */
  @Column('text')
  key: string;

  @Column('text')
  name: string;

  @Column('text', { default: '' })
  description: string;

  /** Custom roles only; built-in roles keep an empty list here. */
  @Column('text', { array: true })
  permissions: string[];

  @Column('boolean', { default: false })
  builtIn: boolean;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}
