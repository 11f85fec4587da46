import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { BundleWorkStatus } from './workspace-export.entity';

/**
 * One import of a bundle into a new workspace, by a platform admin. Global
 * (no workspace: it spans the bundle's origin and the workspace it made);
 * `bundleSha256` recognises the same bundle imported again.
 */
@Entity({ name: 'platform_imports' })
@Index('platform_imports_bundle_sha256_idx', ['bundleSha256'])
export class PlatformImport {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  status: BundleWorkStatus;

  @Column('text')
  bundleSha256: string;

  @Column('bigint')
  bundleSizeBytes: string;

  /** The uploaded archive in the blob store. */
  @Column('text')
  bundleKey: string;

  /** The version the bundle was written in (migrated to the current one on import). */
  @Column('integer')
  formatVersion: number;

  @Column('boolean', { default: false })
  forced: boolean;

  @Column('uuid')
  importedWorkspaceId: string;

  @Column('uuid')
  jobRunId: string;

  @Column('jsonb', { nullable: true })
  counts: Record<string, number> | null;

  /** The members' addresses with no account here, invited instead. */
  @Column('jsonb', { nullable: true })
  invited: string[] | null;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('uuid', { nullable: true })
  importedBy: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;
}
