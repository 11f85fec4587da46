import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions, DATABASE_OWNER_ROLE, runInTenantTransaction } from '@keel/platform-database';
import type { BenchAccount } from './scenarios';

/** A workspace the bench filled with indexed chunks, its owner, and the searches asked of it. */
export interface BenchChunks {
  workspaceId: string;
  ownerId: string;
  /** Two-word queries, each matching some of the workspace's chunks. */
  queries: string[];
}

/** The text the chunks are made of: the words of the search evaluation corpus, most frequent first. */
const CORPUS_FOLDER = join(__dirname, '../../eval/search/corpus');
/** Chunks per document: a long document (a 100-page contract, a big sheet) has this many. */
const CHUNKS_PER_DOCUMENT = 100;
/** Words per chunk: about 200 tokens. */
const WORDS_PER_CHUNK = 150;
/**
 * How skewed the word draw is: a word at frequency rank r is drawn with a
 * probability ∝ r^-0.6 (index = n · u^2.5), so a few words are everywhere and
 * most are rare, as in real text.
 */
const SKEW = 2.5;
const QUERIES_PER_WORKSPACE = 50;

async function corpusWords(): Promise<string[]> {
  const entries = await readdir(CORPUS_FOLDER, { recursive: true, withFileTypes: true });
  const counts = new Map<string, number>();
  for (const entry of entries.filter((candidate) => candidate.isFile())) {
    const text = await readFile(join(entry.parentPath, entry.name), 'utf8');
    for (const word of text.toLowerCase().match(/[a-z]{3,}/g) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([word]) => word);
}

/**
 * Searches of two words that the english configuration keeps (no stop
 * words): one frequent (ranks 20–199 of the words it keeps), one rarer
 * (ranks 100–699), so each finds a few dozen to a few hundred chunks of a
 * workspace's ten thousand — the same list for every workspace, shifted.
 */
function queriesFrom(searchable: string[], shift: number): string[] {
  return Array.from({ length: QUERIES_PER_WORKSPACE }, (_, q) => {
    const frequent = searchable[20 + ((q * 37 + shift * 11) % 180)];
    const rarer = searchable[100 + ((q * 53 + shift * 29) % 600)];
    return `${frequent} ${rarer}`;
  });
}

/**
 * Fills `documents` and `document_chunks` directly with SQL, as ingestion
 * would have left them (status indexed, heading paths, the same weighted
 * search vector: title A, headings B, text C), in `workspaces` of the
 * seeded accounts (every account's first workspace, then every second…),
 * `chunksPerWorkspace` chunks each, in one tenant transaction per workspace
 * through the door the app uses; the text is drawn in PostgreSQL from the
 * evaluation corpus's words. Then ANALYZE, as after any bulk load.
 */
export async function seedDocumentChunks(
  url: string,
  accounts: BenchAccount[],
  workspaces: number,
  chunksPerWorkspace: number,
): Promise<BenchChunks[]> {
  const owned = Array.from({ length: Math.max(0, ...accounts.map((account) => account.workspaceIds.length)) }, (_, w) =>
    accounts.flatMap((account) =>
      account.workspaceIds[w] === undefined ? [] : [{ workspaceId: account.workspaceIds[w], ownerId: account.userId }],
    ),
  ).flat();
  if (owned.length < workspaces) {
    throw new Error(`${workspaces} workspaces of chunks asked for, but the seeded accounts own only ${owned.length}.`);
  }
  const words = await corpusWords();
  const dataSource = new DataSource(dataSourceOptions({ url, poolMax: 1 }));
  await dataSource.initialize();
  try {
    const kept: { word: string }[] = await dataSource.query(
      `SELECT word FROM unnest($1::text[]) WITH ORDINALITY AS w(word, n)
        WHERE length(to_tsvector('english', word)::text) > 0 ORDER BY n`,
      [words],
    );
    const searchable = kept.map((row) => row.word);
    if (searchable.length < 700) throw new Error(`Only ${searchable.length} searchable words in ${CORPUS_FOLDER}.`);
    const documents = Math.ceil(chunksPerWorkspace / CHUNKS_PER_DOCUMENT);
    const seeded: BenchChunks[] = [];
    for (const [index, { workspaceId, ownerId }] of owned.slice(0, workspaces).entries()) {
      await runInTenantTransaction(dataSource, workspaceId, async (manager) => {
        await manager.query(
          `INSERT INTO documents (workspace_id, id, title, file_name, media_type, size_bytes, sha256, blob_key, tags,
                                  visibility, allowed_roles, status, attempts, max_attempts, chunk_count, indexed_at)
           SELECT $1::uuid, gen_random_uuid(), initcap(title.text), title.text || '.md', 'text/markdown', 100000,
                  md5($1::uuid::text || ':' || d), 'documents/bench/' || d, ARRAY['bench'], 'workspace', '{}', 'indexed', 1, 5,
                  $3, now()
             FROM generate_series(1, $2::int) AS d
            CROSS JOIN LATERAL (
              SELECT string_agg(($4::text[])[1 + floor(power(random(), ${SKEW}) * array_length($4::text[], 1))::int], ' ') AS text
                FROM generate_series(1, 3 + 0 * d)
            ) AS title`,
          [workspaceId, documents, CHUNKS_PER_DOCUMENT, words],
        );
        await manager.query(
          `INSERT INTO document_chunks (workspace_id, id, document_id, position, heading_path, page, content,
                                        token_count, sha256, visibility, allowed_roles, search_vector)
           SELECT d.workspace_id, gen_random_uuid(), d.id, p, ARRAY[d.title, 'Part ' || (p / 10 + 1)], NULL, body.text,
                  ${Math.round(WORDS_PER_CHUNK * 1.3)}, md5(body.text), 'workspace', '{}',
                  setweight(to_tsvector('english', d.title), 'A')
                  || setweight(to_tsvector('english', d.title || ' Part ' || (p / 10 + 1)), 'B')
                  || setweight(to_tsvector('english', body.text), 'C')
             FROM documents d
            CROSS JOIN generate_series(0, $2::int - 1) AS p
            CROSS JOIN LATERAL (
              SELECT string_agg(($3::text[])[1 + floor(power(random(), ${SKEW}) * array_length($3::text[], 1))::int], ' ') AS text
                FROM generate_series(1, ${WORDS_PER_CHUNK} + 0 * p)
            ) AS body
            WHERE d.workspace_id = $1
            ORDER BY d.id, p
            LIMIT $4`,
          [workspaceId, CHUNKS_PER_DOCUMENT, words, chunksPerWorkspace],
        );
      });
      seeded.push({ workspaceId, ownerId, queries: queriesFrom(searchable, index) });
    }
    await dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL ROLE ${DATABASE_OWNER_ROLE}`);
      await manager.query('ANALYZE documents, document_chunks');
    });
    return seeded;
  } finally {
    await dataSource.destroy();
  }
}
