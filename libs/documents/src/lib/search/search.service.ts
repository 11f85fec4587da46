import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DocumentAccess } from '../documents/document-access';
import { ChunkEmbeddings } from '../embeddings/chunk-embeddings';
import { excludedTerms } from './excluded-terms';
import { fuseByReciprocalRank } from './reciprocal-rank-fusion';

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

export interface SearchResult {
  /** `hybrid` when full text and vectors were fused for this query; `lexical` otherwise. */
  mode: SearchMode;
  hits: ChunkHit[];
}

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

/** Candidates each half of a hybrid search brings to the fusion. */
const HYBRID_CANDIDATES = 50;

const HIT_COLUMNS = `c.id AS chunk_id, c.document_id, d.title, c.heading_path, c.page, c.position, c.content`;

/** The best fragments of `content` for the query `q.query`, HTML-escaped, matches marked. */
const SNIPPET_SQL = `ts_headline('english',
  replace(replace(replace(hits.content, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
  q.query,
  'StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "'
)`;

/**
 * Search over the chunks the caller may see (the visibility policy, in the
 * database, decides). Full text: `websearch_to_tsquery` — words, "quoted
 * phrases", `-excluded`, `or` — over a vector weighted title A, headings B,
 * body C, ranked by `ts_rank_cd`. With an embeddings provider, hybrid: the
 * best full-text and the most similar chunks (dot product of unit vectors)
 * fused by reciprocal rank (k = 60); a query the provider cannot embed is
 * answered by full text alone, and says so in its mode.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly access: DocumentAccess,
    private readonly embeddings: ChunkEmbeddings,
  ) {}

  /** The modes this deployment can answer in: what /health/ready reports. */
  get modes(): SearchMode[] {
    return this.embeddings.enabled ? ['lexical', 'hybrid'] : ['lexical'];
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
  ): Promise<SearchResult> {
    const vector = this.embeddings.enabled ? await this.embeddings.queryVector(query) : null;
    await this.access.enterAsCaller();
    if (!vector) return { mode: 'lexical', hits: await this.lexical(workspaceId, query, filter, limit, match) };

    // Candidates come without snippets; only the hits returned get one.
    const lexical = await this.lexical(workspaceId, query, filter, HYBRID_CANDIDATES, match, false);
    const semantic = await this.semantic(workspaceId, query, vector, filter);
    const fused = fuseByReciprocalRank([lexical, semantic], (hit) => hit.chunkId).slice(0, limit);
    const snippets = await this.snippets(
      workspaceId,
      query,
      fused.map(({ item }) => item.chunkId),
      match,
    );
    return {
      mode: 'hybrid',
      hits: fused.map(({ item, score }) => ({ ...item, snippet: snippets.get(item.chunkId) ?? '', score })),
    };
  }

  private async lexical(
    workspaceId: string,
    query: string,
    filter: SearchFilter,
    limit: number,
    match: 'all' | 'any',
    withSnippets = true,
  ): Promise<ChunkHit[]> {
    const parameters: unknown[] = [workspaceId, query, limit];
    const conditions = filterConditions(filter, parameters);
    const rows: HitRow[] = await this.txHost.tx.query(
      `WITH q AS (SELECT ${tsQuerySql(match)} AS query),
       hits AS (
         SELECT ${HIT_COLUMNS}, ts_rank_cd(c.search_vector, q.query) AS score
           FROM document_chunks c
           JOIN documents d ON d.workspace_id = c.workspace_id AND d.id = c.document_id
          CROSS JOIN q
          WHERE c.workspace_id = $1 AND c.search_vector @@ q.query ${conditions}
          ORDER BY score DESC, c.document_id, c.position
          LIMIT $3
       )
       SELECT hits.*, ${withSnippets ? SNIPPET_SQL : `''`} AS snippet
         FROM hits CROSS JOIN q
        ORDER BY hits.score DESC, hits.document_id, hits.position`,
      parameters,
    );
    return rows.map(hitOf);
  }

  /**
   * The chunks most similar to the query's vector (at least the configured
   * similarity), among those embedded by the current model; filters and
   * exclusions apply.
   */
  private async semantic(
    workspaceId: string,
    query: string,
    vector: number[],
    filter: SearchFilter,
  ): Promise<ChunkHit[]> {
    const parameters: unknown[] = [workspaceId, vector, this.embeddings.model, HYBRID_CANDIDATES];
    let conditions = filterConditions(filter, parameters);
    const excluded = excludedTerms(query);
    if (excluded.length > 0) {
      parameters.push(excluded.join(' or '));
      conditions += ` AND NOT c.search_vector @@ websearch_to_tsquery('english', $${parameters.length})`;
    }
    parameters.push(this.embeddings.minSimilarity);
    const rows: HitRow[] = await this.txHost.tx.query(
      `SELECT * FROM (
         SELECT ${HIT_COLUMNS}, '' AS snippet,
                (SELECT sum(a * b) FROM unnest(c.embedding, $2::real[]) AS v(a, b)) AS score
           FROM document_chunks c
           JOIN documents d ON d.workspace_id = c.workspace_id AND d.id = c.document_id
          WHERE c.workspace_id = $1 AND c.embedding_model = $3 ${conditions}
       ) nearest
        WHERE nearest.score >= $${parameters.length}
        ORDER BY nearest.score DESC, nearest.document_id, nearest.position
        LIMIT $4`,
      parameters,
    );
    return rows.map(hitOf);
  }

  private async snippets(
    workspaceId: string,
    query: string,
    chunkIds: string[],
    match: 'all' | 'any',
  ): Promise<Map<string, string>> {
    if (chunkIds.length === 0) return new Map();
    const rows: { id: string; snippet: string }[] = await this.txHost.tx.query(
      `WITH q AS (SELECT ${tsQuerySql(match)} AS query)
       SELECT hits.id, ${SNIPPET_SQL} AS snippet
         FROM document_chunks hits CROSS JOIN q
        WHERE hits.workspace_id = $1 AND hits.id = ANY($3::uuid[])`,
      [workspaceId, query, chunkIds],
    );
    return new Map(rows.map((row) => [row.id, row.snippet]));
  }
}

/** The tsquery of `$2`: the websearch syntax (all words), or any of its words. */
function tsQuerySql(match: 'all' | 'any'): string {
  return match === 'all'
    ? `websearch_to_tsquery('english', $2)`
    : `replace(plainto_tsquery('english', $2)::text, ' & ', ' | ')::tsquery`;
}

/** `AND …` conditions for the filter, their values appended to `parameters`. */
function filterConditions(filter: SearchFilter, parameters: unknown[]): string {
  const conditions: string[] = [];
  if (filter.tags && filter.tags.length > 0) {
    parameters.push(filter.tags);
    conditions.push(`d.tags && $${parameters.length}::text[]`);
  }
  if (filter.mediaTypes && filter.mediaTypes.length > 0) {
    parameters.push(filter.mediaTypes);
    conditions.push(`d.media_type = ANY($${parameters.length}::text[])`);
  }
  return conditions.map((condition) => `AND ${condition}`).join(' ');
}

function hitOf(row: HitRow): ChunkHit {
  return {
    chunkId: row.chunk_id,
    documentId: row.document_id,
    title: row.title,
    headingPath: row.heading_path,
    page: row.page,
    position: row.position,
    content: row.content,
    snippet: row.snippet,
    score: Number(row.score),
  };
}
