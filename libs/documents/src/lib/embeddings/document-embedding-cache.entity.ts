import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/**
 * A vector already paid for: the embedding of a chunk text (by its sha256)
 * under one model, kept per workspace so re-ingesting an unchanged chunk
 * never calls the provider again.
 */
@Entity({ name: 'document_embedding_cache' })
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class DocumentEmbeddingCache {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('text')
  model: string;

  @PrimaryColumn('text')
  sha256: string;

  @Column('real', { array: true })
  embedding: number[];

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
