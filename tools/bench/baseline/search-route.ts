import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { inScopedTransaction } from './scoped-transaction';
import type { WorkspaceGuard } from './workspace-guard';

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

/** Keel's default and largest `limit` of a search. */
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 50;

/**
 * The statement Keel's SearchService sends for `GET …/search?q=` without
 * filters (libs/documents/src/lib/search/search.service.ts, its lexical half, as it
 * answers without an embeddings provider): websearch_to_tsquery over the
 * chunks' weighted vectors, ts_rank_cd, then ts_headline for the hits.
 */
const SEARCH_SQL = `WITH q AS (SELECT websearch_to_tsquery('english', $2) AS query),
       hits AS (
         SELECT c.id AS chunk_id, c.document_id, d.title, c.heading_path, c.page, c.position, c.content,
                ts_rank_cd(c.search_vector, q.query) AS score
           FROM document_chunks c
           JOIN documents d ON d.workspace_id = c.workspace_id AND d.id = c.document_id
          CROSS JOIN q
          WHERE c.workspace_id = $1 AND c.search_vector @@ q.query
          ORDER BY score DESC, c.document_id, c.position
          LIMIT $3
       )
       SELECT hits.*, ts_headline('english',
                replace(replace(replace(hits.content, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
                q.query,
                'StartSel=<mark>, StopSel=</mark>, MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "'
              ) AS snippet
         FROM hits CROSS JOIN q
        ORDER BY hits.score DESC, hits.document_id, hits.position`;

/**
 * `GET /v1/workspaces/:workspaceId/search?q=&limit=` behind the same guard
 * (documents:read), in one tenant transaction that first says who is asking
 * for the visibility policy, in one statement as Keel's DocumentAccess does,
 * then the same search statement. Filters (tags, mediaType) are not in the
 * baseline.
 */
export function addSearchRoute(app: FastifyInstance, pool: Pool, guard: WorkspaceGuard): void {
  app.get<{ Params: { workspaceId: string }; Querystring: Record<string, unknown> }>(
    '/v1/workspaces/:workspaceId/search',
    async (request, reply) => {
      const scope = await guard.check(
        request.headers.authorization,
        request.params.workspaceId,
        'documents:read',
        reply,
      );
      if (!scope.allowed) return scope.reply;
      const { q, limit: rawLimit, ...others } = request.query;
      if (Object.keys(others).length > 0) return reply.status(501).send({ code: 'NOT_IN_THE_BASELINE' });
      const limit = rawLimit === undefined ? DEFAULT_LIMIT : Number(rawLimit);
      if (
        typeof q !== 'string' ||
        q.length < 1 ||
        q.length > 500 ||
        !Number.isInteger(limit) ||
        limit < 1 ||
        limit > MAX_LIMIT
      ) {
        return reply.status(422).send({ code: 'VALIDATION_FAILED' });
      }
      const rows = await inScopedTransaction(pool, scope.workspaceId, [], async (client) => {
        await client.query(
          `SELECT set_config('app.documents_restricted', $1, true), set_config('app.role', $2, true)`,
          [scope.access.holds('documents:restricted') ? 'on' : 'off', scope.access.role],
        );
        const result = await client.query<HitRow>(SEARCH_SQL, [scope.workspaceId, q, limit]);
        return result.rows;
      });
      return {
        mode: 'lexical',
        data: rows.map((row) => ({
          documentId: row.document_id,
          chunkId: row.chunk_id,
          title: row.title,
          headingPath: row.heading_path,
          page: row.page,
          snippet: row.snippet,
          score: Number(row.score),
        })),
      };
    },
  );
}
