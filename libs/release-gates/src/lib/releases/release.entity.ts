import { Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';

/** One built artifact of a release: the platform it runs on and its content digest (`sha256:<hex>`). */
export interface ReleaseArtifact {
  platform: string;
  digest: string;
}

/** A release candidate of a product: a version, the commit it was built from and its artifact ledger. */
@Entity({ name: 'releases' })
@Unique(['workspaceId', 'product', 'version'])
@Index(['workspaceId', 'product', 'id'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class Release {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  product: string;

  @Column('text')
  version: string;

  @Column('text', { nullable: true })
  commit: string | null;

  @Column('jsonb')
  artifacts: ReleaseArtifact[];

  @Column('text', { nullable: true })
  createdByType: string | null;

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
