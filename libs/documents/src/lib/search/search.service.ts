import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DocumentAccess } from '../documents/document-access';

export interface SearchFilter {
  tags?: string[];
  mediaTypes?: string[];
}

export interface ChunkHit {
  chunkId: string;
  documentId: string;
  title: string;
  headingPath: string[];
  page: number | null;
  position: number;
  content: string;
  snippet: string;
  score: number;
}

export type SearchMode = 'lexical' | 'hybrid';

interface HitRow {
  chunk_id: string;
  document_id: string;
  title: string;
  heading_path: string[];
  page: number | null;
  position: number;
  content: string;
  snippet: string;
  score: number;
}

/** What a snippet marks a matched term with; the rest of the snippet is HTML-escaped. */
export const MARK_START = '<mark>';
export const MARK_END = '</mark>';

/**
 * Full-text search over the chunks the caller may see (the visibility
 * policy, in the database, decides): `websearch_to_tsquery` — words, "quoted
 * phrases", `-excluded`, `or` — over a vector weighted title A, headings B,
 * body C, ranked by `ts_rank_cd`. Snippets are computed for the returned
 * hits only.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly access: DocumentAccess,
  ) {}

  get mode(): SearchMode {
    return 'lexical';
  }

  /**
   * `match: 'all'` (search) reads `query` in the websearch syntax; `'any'`
   * (retrieve, for questions in plain words) finds chunks with any of its
   * words, ranked by how many and how close.
   */
  async search(
    workspaceId: string,
    query: string,
    filter: SearchFilter,
    limit: number,
    match: 'all' | 'any' = 'all',
  ): Promise<ChunkHit[]> {
    await this.access.enterAsCaller();
    const parameters: unknown[] = [workspaceId, query, limit];
    const conditions: string[] = [];
    if (filter.tags && filter.tags.length > 0) {
      parameters.push(filter.tags);
      conditions.push(`d.tags && $${parameters.length}::text[]`);
    }
    if (filter.mediaTypes && filter.mediaTypes.length > 0) {
      parameters.push(filter.mediaTypes);
      conditions.push(`d.media_type = ANY($${parameters.length}::text[])`);
    }
    const rows: HitRow[] = await this.txHost.tx.query(
      `WITH q AS (SELECT ${
        match === 'all'
          ? `websearch_to_tsquery('english', $2)`
          : `replace(plainto_tsquery('english', $2)::text, ' & ', ' | ')::tsquery`
      } AS query),
       ranked AS (
         SELECT c.id AS chunk_id, c.document_id, d.title, c.heading_path, c.page, c.position, c.content,
                ts_rank_cd(c.search_vector, q.query) AS score
           FROM document_chunks c
           JOIN documents d ON d.workspace_id = c.workspace_id AND d.id = c.document_id
          CROSS JOIN q
          WHERE c.workspace_id = $1 AND c.search_vector @@ q.query
                ${conditions.map((condition) => `AND ${condition}`).join(' ')}
          ORDER BY score DESC, c.document_id, c.position
          LIMIT $3
       )
       SELECT ranked.*,
              ts_headline('english',
                replace(replace(replace(ranked.content, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
                q.query,
                'StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "'
              ) AS snippet
         FROM ranked CROSS JOIN q
        ORDER BY ranked.score DESC, ranked.document_id, ranked.position`,
      parameters,
    );
    return rows.map((row) => ({
      chunkId: row.chunk_id,
      documentId: row.document_id,
      title: row.title,
      headingPath: row.heading_path,
      page: row.page,
      position: row.position,
      content: row.content,
      snippet: row.snippet,
      score: Number(row.score),
    }));
  }
}
