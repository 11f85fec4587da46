import { SqlMigration, tenantIsolationSql } from '@keel/platform-database';

/**
 * Embeddings for hybrid search: each chunk may carry a unit-length vector and
 * the model that made it, and a per-workspace cache keyed by (model, chunk
 * sha256) keeps an unchanged chunk from being paid for twice when its
 * document is ingested again. Vectors are real[] (compared by a dot product
 * in SQL), so no extension is needed.
 */
export class DocumentEmbeddings1764000015600 extends SqlMigration {
  readonly name = 'DocumentEmbeddings1764000015600';

  protected readonly upSql = `
    ALTER TABLE document_chunks ADD COLUMN embedding real[] NULL, ADD COLUMN embedding_model text NULL;

    CREATE TABLE document_embedding_cache (
      workspace_id uuid NOT NULL,
      model text NOT NULL,
      sha256 text NOT NULL,
      embedding real[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT document_embedding_cache_pkey PRIMARY KEY (workspace_id, model, sha256),
      CONSTRAINT document_embedding_cache_workspace_id_fkey FOREIGN KEY (workspace_id)
        REFERENCES workspaces (id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('document_embedding_cache')}
  `;

  protected readonly downSql = `
    DROP TABLE document_embedding_cache;
    ALTER TABLE document_chunks DROP COLUMN embedding, DROP COLUMN embedding_model;
  `;
}
