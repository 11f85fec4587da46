import { Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';
import type { DocumentVisibility } from '../documents/document.entity';

/**
 * A passage of a document, cut along its structure: its heading path, page
 * and position, its own SHA-256, and the weighted full-text vector search
 * reads (title A, headings B, body C). It carries its document's visibility,
 * so the row-level security policy hides it exactly as it hides the document.
 */
@Entity({ name: 'document_chunks' })
@Unique(['workspaceId', 'documentId', 'position'])
@Index('document_chunks_search_vector_idx', { synchronize: false })
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('Document', ['workspaceId', 'documentId'], ['workspaceId', 'id'], { onDelete: 'CASCADE' })
export class DocumentChunk {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  documentId: string;

  @Column('integer')
  position: number;

  @Column('text', { array: true })
  headingPath: string[];

  @Column('integer', { nullable: true })
  page: number | null;

  @Column('text')
  content: string;

  @Column('integer')
  tokenCount: number;

  @Column('text')
  sha256: string;

  @Column('text')
  visibility: DocumentVisibility;

  @Column('text', { array: true })
  allowedRoles: string[];

  @Column('tsvector', { select: false })
  searchVector: string;

  /** Unit-length vector for hybrid search (null without an embeddings provider); never read by default. */
  @Column('real', { array: true, nullable: true, select: false })
  embedding: number[] | null;

  /** The model that made `embedding`: vectors of different models are never compared. */
  @Column('text', { nullable: true })
  embeddingModel: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
