import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * One piece of evidence of a release: the uploaded bytes as they came, what
 * was parsed from them (`facts`), and its link in the release's hash chain.
 */
@Entity({ name: 'evidence_items' })
// Its bytes are somewhere: sealed (since 2026-12-07) or, for an item stored before, in clear.
@Check('evidence_items_content_present', 'content IS NOT NULL OR content_sealed IS NOT NULL')
@Index(['workspaceId', 'releaseId', 'id'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('Release', ['workspaceId', 'releaseId'], ['workspaceId', 'id'], { onDelete: 'CASCADE' })
export class EvidenceItem {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  releaseId: string;

  @Column('text')
  type: string;

  @Column('text', { nullable: true })
  platform: string | null;

  /** Where it came from, e.g. the CI run's URL. */
  @Column('text', { nullable: true })
  source: string | null;

  /** When CI collected it (the upload time unless the uploader said). */
  @Column('timestamptz')
  collectedAt: Date;

  /** The SHA-256 of `content`, hex. */
  @Column('text')
  sha256: string;

  @Column('integer')
  sizeBytes: number;

  /**
   * The bytes as uploaded, of items stored before evidence was sealed; null
   * since. Never logged, never listed.
   */
  @Column('bytea', { nullable: true, select: false })
  content: Buffer | null;

  /**
   * The bytes as uploaded (the JSON form's `data` as JSON text), sealed under
   * the master key and bound to the item (evidence-sealing.ts). Never logged,
   * never listed.
   */
  @Column('text', { nullable: true, select: false })
  contentSealed: string | null;

  @Column('jsonb')
  facts: Record<string, unknown>;

  /** The chain hash of the release's previous item; null for its first. */
  @Column('text', { nullable: true })
  previousHash: string | null;

  /** SHA-256 over `previousHash` and this item's own fields (see evidence-chain.ts). */
  @Column('text')
  chainHash: string;

  @Column('text', { nullable: true })
  uploadedByType: string | null;

  @Column('uuid', { nullable: true })
  uploadedById: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
