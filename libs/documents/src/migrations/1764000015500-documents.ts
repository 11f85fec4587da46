import { SqlMigration, tenantIsolationSql } from '@keel/platform-database';

/**
 * A restricted document (and each of its chunks, which carry the document's
 * visibility) is seen only in a transaction whose caller may see restricted
 * documents (`app.documents_restricted` = 'on': documents:restricted) or whose
 * role (`app.role`) the document allows. Unset settings match nothing: a
 * path that forgot to say who is asking sees workspace documents only.
 */
function visibilitySql(table: string): string {
  return `
    CREATE POLICY ${table}_visibility ON ${table} AS RESTRICTIVE FOR ALL
      USING (
        visibility = 'workspace'
        OR (SELECT current_setting('app.documents_restricted', true)) = 'on'
        OR allowed_roles @> ARRAY[(SELECT current_setting('app.role', true))]
      )
      WITH CHECK (true);
  `;
}

/** Documents, their chunks (full-text indexed), under row-level security by workspace and by visibility. */
export class Documents1764000015500 extends SqlMigration {
  readonly name = 'Documents1764000015500';

  protected readonly upSql = `
    CREATE TABLE documents (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      title text NOT NULL,
      file_name text NULL,
      media_type text NOT NULL,
      size_bytes bigint NOT NULL,
      sha256 text NOT NULL,
      blob_key text NOT NULL,
      tags text[] NOT NULL,
      visibility text NOT NULL,
      allowed_roles text[] NOT NULL,
      status text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL,
      last_error_code text NULL,
      last_error_message text NULL,
      job_run_id uuid NULL,
      chunk_count integer NOT NULL DEFAULT 0,
      page_count integer NULL,
      created_by_type text NULL,
      created_by_id uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      queued_at timestamptz NULL,
      processing_at timestamptz NULL,
      extracted_at timestamptz NULL,
      indexed_at timestamptz NULL,
      failed_at timestamptz NULL,
      CONSTRAINT documents_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT documents_workspace_id_sha256_key UNIQUE (workspace_id, sha256),
      CONSTRAINT documents_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    CREATE INDEX documents_workspace_id_status_idx ON documents (workspace_id, status);
    ${tenantIsolationSql('documents')}
    ${visibilitySql('documents')}

    CREATE TABLE document_chunks (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      document_id uuid NOT NULL,
      position integer NOT NULL,
      heading_path text[] NOT NULL,
      page integer NULL,
      content text NOT NULL,
      token_count integer NOT NULL,
      sha256 text NOT NULL,
      visibility text NOT NULL,
      allowed_roles text[] NOT NULL,
      search_vector tsvector NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT document_chunks_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT document_chunks_workspace_id_document_id_position_key UNIQUE (workspace_id, document_id, position),
      CONSTRAINT document_chunks_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
      CONSTRAINT document_chunks_workspace_id_document_id_fkey FOREIGN KEY (workspace_id, document_id)
        REFERENCES documents (workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX document_chunks_search_vector_idx ON document_chunks USING gin (search_vector);
    ${tenantIsolationSql('document_chunks')}
    ${visibilitySql('document_chunks')}
  `;

  protected readonly downSql = `DROP TABLE document_chunks; DROP TABLE documents;`;
}
