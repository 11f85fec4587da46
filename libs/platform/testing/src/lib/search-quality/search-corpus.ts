import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';

/** One file of a labelled corpus, as a client would upload it. */
export interface CorpusDocument {
  /** Its path under the corpus folder, with `/`: how queries name it. */
  path: string;
  fileName: string;
  /** The type a browser would declare for its extension (Keel sniffs the bytes anyway). */
  declaredType: string;
  bytes: Buffer;
}

/** A question and the corpus documents that answer it. */
export interface LabelledQuery {
  id: string;
  query: string;
  relevant: string[];
}

export interface SearchCorpus {
  documents: CorpusDocument[];
  queries: LabelledQuery[];
}

const DECLARED_TYPES: Record<string, string> = {
  '.md': 'text/markdown',
  '.html': 'text/html',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
};

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function isQuery(value: unknown): value is LabelledQuery {
  if (typeof value !== 'object' || value === null) return false;
  const { id, query, relevant } = value as Record<string, unknown>;
  return (
    typeof id === 'string' &&
    typeof query === 'string' &&
    query.trim().length > 0 &&
    Array.isArray(relevant) &&
    relevant.length > 0 &&
    relevant.every((path) => typeof path === 'string')
  );
}

/**
 * A corpus folder (`corpus/` with the files, `queries.json` with
 * `{queries: [{id, query, relevant: [path…]}]}`), checked: every file of a
 * known kind, every relevant path a file of the corpus, every id once.
 */
export async function loadSearchCorpus(folder: string): Promise<SearchCorpus> {
  const corpusFolder = join(folder, 'corpus');
  const documents: CorpusDocument[] = [];
  for (const file of await filesUnder(corpusFolder)) {
    const declaredType = DECLARED_TYPES[extname(file).toLowerCase()];
    if (!declaredType)
      throw new Error(`${file}: not a kind the corpus holds (${Object.keys(DECLARED_TYPES).join(', ')})`);
    documents.push({
      path: relative(corpusFolder, file).split(sep).join('/'),
      fileName: basename(file),
      declaredType,
      bytes: await readFile(file),
    });
  }
  const parsed: unknown = JSON.parse(await readFile(join(folder, 'queries.json'), 'utf8'));
  const queries = (parsed as { queries?: unknown }).queries;
  if (!Array.isArray(queries)) throw new Error('queries.json: no "queries" list');
  const known = new Set(documents.map((document) => document.path));
  const ids = new Set<string>();
  for (const query of queries) {
    if (!isQuery(query)) throw new Error(`queries.json: not {id, query, relevant: [path…]}: ${JSON.stringify(query)}`);
    if (ids.has(query.id)) throw new Error(`queries.json: ${query.id} twice`);
    ids.add(query.id);
    const missing = query.relevant.filter((path) => !known.has(path));
    if (missing.length > 0)
      throw new Error(`queries.json: ${query.id} names files not in the corpus: ${missing.join(', ')}`);
  }
  return { documents, queries: queries as LabelledQuery[] };
}
