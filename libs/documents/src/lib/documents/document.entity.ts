import { Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';

export const DOCUMENT_STATUSES = ['queued', 'processing', 'indexed', 'failed', 'dead'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export const DOCUMENT_VISIBILITIES = ['workspace', 'restricted'] as const;
export type DocumentVisibility = (typeof DOCUMENT_VISIBILITIES)[number];

/**
 * An uploaded document: its bytes live in the blob store under `blobKey` (a
 * generated key), its text in its chunks once ingestion indexed it.
 */
@Entity({ name: 'documents' })
@Unique(['workspaceId', 'sha256'])
@Index(['workspaceId', 'status'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class Document {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  title: string;

  /** The name the client gave the file: shown and offered back on download, never used as a key. */
  @Column('text', { nullable: true })
  fileName: string | null;

  /** Sniffed from the bytes. */
  @Column('text')
  mediaType: string;

  @Column('bigint', { transformer: { to: (value: number) => value, from: (value: string) => Number(value) } })
  sizeBytes: number;

  @Column('text')
  sha256: string;

  @Column('text')
  blobKey: string;

  @Column('text', { array: true })
  tags: string[];

  @Column('text')
  visibility: DocumentVisibility;

  /** Role keys that may see a restricted document (besides holders of documents:restricted). */
  @Column('text', { array: true })
  allowedRoles: string[];

  @Column('text')
  status: DocumentStatus;

  /** Ingestion attempts of the current round (a reprocess starts a new round). */
  @Column('integer', { default: 0 })
  attempts: number;

  @Column('integer')
  maxAttempts: number;

  @Column('text', { nullable: true })
  lastErrorCode: string | null;

  @Column('text', { nullable: true })
  lastErrorMessage: string | null;

  /** The job run of the current ingestion round. */
  @Column('uuid', { nullable: true })
  jobRunId: string | null;

  @Column('integer', { default: 0 })
  chunkCount: number;

  @Column('integer', { nullable: true })
  pageCount: number | null;

  @Column('text', { nullable: true })
  createdByType: string | null;

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;

  @Column('timestamptz', { nullable: true })
  queuedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  processingAt: Date | null;

  @Column('timestamptz', { nullable: true })
  extractedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  indexedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  failedAt: Date | null;
}
