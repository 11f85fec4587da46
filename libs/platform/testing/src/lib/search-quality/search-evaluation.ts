import type { CorpusDocument, SearchCorpus } from './search-corpus';
import { meanFigures, QualityFigures, QueryScore, rankedDocuments, scoreQuery } from './search-metrics';

/** Who the evaluation acts as: a member of one workspace allowed to upload and search documents. */
export interface WorkspaceCaller {
  baseUrl: string;
  accessToken: string;
  workspaceId: string;
}

/** The corpus as uploaded: document id → corpus path. */
export type UploadedCorpus = Map<string, string>;

/** Each route asked for its most results: 50 chunks, so at least 10 documents whenever that many match. */
const MOST_HITS = 50;
const UPLOAD_CONCURRENCY = 4;
const POLL_INTERVAL_MS = 250;

type Json = Record<string, unknown>;

/** A 503 says "retry": a loaded machine's pool can be busy for a moment. */
const RETRIES_ON_503 = 5;

class CallFailed extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function callOnce(caller: WorkspaceCaller, path: string, init: RequestInit): Promise<Json> {
  const response = await fetch(`${caller.baseUrl}/v1/workspaces/${caller.workspaceId}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${caller.accessToken}`, ...(init.headers ?? {}) },
  });
  const text = await response.text();
  if (!response.ok) {
    throw new CallFailed(`${init.method ?? 'GET'} ${path}: ${response.status} ${text.slice(0, 500)}`, response.status);
  }
  return JSON.parse(text) as Json;
}

/** The answer's JSON; a 503 is retried after a pause, as its problem asks; anything else not 2xx fails. */
async function call(
  caller: WorkspaceCaller,
  path: string,
  init: RequestInit = {},
  onRetry: () => void = () => undefined,
): Promise<Json> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await callOnce(caller, path, init);
    } catch (error) {
      if (!(error instanceof CallFailed) || error.status !== 503 || attempt > RETRIES_ON_503) throw error;
      onRetry();
      await new Promise((wait) => setTimeout(wait, attempt * 1_000));
    }
  }
}

async function uploadOne(caller: WorkspaceCaller, document: CorpusDocument): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([document.bytes], { type: document.declaredType }), document.fileName);
  let retried = false;
  const created = await call(caller, '/documents', { method: 'POST', body: form }, () => (retried = true));
  // After a retry, the same bytes may be the attempt that answered 503 but was kept after all.
  if (created['duplicate'] === true && !retried) {
    throw new Error(`${document.path}: the same bytes as another corpus document`);
  }
  return String(created['id']);
}

/**
 * Uploads every document of the corpus through `POST …/documents` (no title:
 * Keel names each after its file, as it does for anyone who gives none) and
 * waits until all are `indexed`; a document that fails stops the evaluation
 * with its reason.
 */
export async function uploadCorpus(
  caller: WorkspaceCaller,
  corpus: SearchCorpus,
  { timeoutMs = 300_000 }: { timeoutMs?: number } = {},
): Promise<UploadedCorpus> {
  const uploaded: UploadedCorpus = new Map();
  const queue = [...corpus.documents];
  await Promise.all(
    Array.from({ length: UPLOAD_CONCURRENCY }, async () => {
      for (let document = queue.shift(); document; document = queue.shift()) {
        uploaded.set(await uploadOne(caller, document), document.path);
      }
    }),
  );
  const deadline = Date.now() + timeoutMs;
  const waiting = new Set(uploaded.keys());
  while (waiting.size > 0) {
    for (const id of [...waiting]) {
      const document = await call(caller, `/documents/${id}`);
      const status = document['status'];
      if (status === 'indexed') waiting.delete(id);
      else if (status === 'failed' || status === 'dead') {
        throw new Error(`${uploaded.get(id)}: ingestion ${String(status)}: ${JSON.stringify(document['lastError'])}`);
      }
    }
    if (waiting.size === 0) break;
    if (Date.now() > deadline) {
      throw new Error(
        `${waiting.size} documents not indexed within ${timeoutMs} ms: ${[...waiting].map((id) => uploaded.get(id)).join(', ')}`,
      );
    }
    await new Promise((wait) => setTimeout(wait, POLL_INTERVAL_MS));
  }
  return uploaded;
}

/** How a query was answered: the corpus paths of the documents, in rank order, and its scores. */
export interface QueryOutcome extends QueryScore {
  id: string;
  query: string;
  ranked: string[];
}

/** One route's figures over every query, under the mode its answers declared. */
export interface RouteEvaluation {
  route: 'search' | 'retrieve';
  mode: string;
  figures: QualityFigures;
  outcomes: QueryOutcome[];
}

async function ask(
  caller: WorkspaceCaller,
  route: RouteEvaluation['route'],
  query: string,
): Promise<{ mode: string; documentIds: string[] }> {
  const answer =
    route === 'search'
      ? await call(caller, `/search?q=${encodeURIComponent(query)}&limit=${MOST_HITS}`)
      : await call(caller, '/retrieve', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, k: MOST_HITS }),
        });
  const hits = answer['data'];
  if (!Array.isArray(hits)) throw new Error(`${route} answered no data list: ${JSON.stringify(answer).slice(0, 300)}`);
  return { mode: String(answer['mode']), documentIds: hits.map((hit: Json) => String(hit['documentId'])) };
}

/**
 * Every query of the corpus through one route (`GET …/search?q=` or
 * `POST …/retrieve`), scored at the document level against its labels.
 */
export async function evaluateRoute(
  caller: WorkspaceCaller,
  corpus: SearchCorpus,
  uploaded: UploadedCorpus,
  route: RouteEvaluation['route'],
): Promise<RouteEvaluation> {
  const modes = new Set<string>();
  const outcomes: QueryOutcome[] = [];
  for (const { id, query, relevant } of corpus.queries) {
    const answer = await ask(caller, route, query);
    modes.add(answer.mode);
    const ranked = rankedDocuments(answer.documentIds).map((documentId) => uploaded.get(documentId) ?? documentId);
    outcomes.push({ id, query, ranked, ...scoreQuery(ranked, new Set(relevant)) });
  }
  if (modes.size !== 1) throw new Error(`${route} answered in more than one mode: ${[...modes].join(', ')}`);
  return { route, mode: [...modes][0], figures: meanFigures(outcomes), outcomes };
}
