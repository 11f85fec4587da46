/**
 * `npm run eval:search`: how well Keel finds the right document.
 *
 * Starts the built API (dist/apps/api, workers included) on a throwaway
 * database, signs up one account, uploads the labelled corpus of this folder
 * into a fresh workspace through the API, waits until every document is
 * indexed, then asks every query of queries.json through `GET …/search` and
 * `POST …/retrieve` and prints recall@5, recall@10 and MRR per route, under
 * the mode the answers declare (`lexical`, or `hybrid` when Keel runs with
 * embeddings: the environment is passed on to Keel).
 *
 *   --record   write the figures into baseline.json (the values docs/documents.md
 *              and test/search-quality.e2e-spec.ts hold Keel to)
 *   --queries  print every query with the documents it found
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createThrowawayDatabase } from '@keel/platform-database';
import {
  evaluateRoute,
  loadSearchCorpus,
  RouteEvaluation,
  startKeelProcess,
  uploadCorpus,
  WorkspaceCaller,
} from '@keel/platform-testing';
import { sourceRevision } from '../../bench/lib/source-revision';

const FOLDER = __dirname;
const BASELINE_FILE = join(FOLDER, 'baseline.json');

async function signUpWithWorkspace(baseUrl: string): Promise<WorkspaceCaller> {
  const post = async (path: string, body: unknown, accessToken?: string) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${text.slice(0, 500)}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const signedUp = await post('/v1/auth/signup', {
    email: `eval-${randomBytes(4).toString('hex')}@example.com`,
    password: `keel eval ${randomBytes(12).toString('base64url')}`,
    name: 'Search evaluation',
  });
  const accessToken = String(signedUp['accessToken']);
  const workspace = await post('/v1/workspaces', { name: 'Brightwell Labs' }, accessToken);
  return { baseUrl, accessToken, workspaceId: String(workspace['id']) };
}

function table(evaluations: RouteEvaluation[]): string {
  const rows = [
    ['route', 'mode', 'queries', 'recall@5', 'recall@10', 'MRR', 'answered'],
    ...evaluations.map(({ route, mode, figures }) => [
      route === 'search' ? 'GET …/search' : 'POST …/retrieve',
      mode,
      String(figures.queries),
      figures.recallAt5.toFixed(3),
      figures.recallAt10.toFixed(3),
      figures.mrr.toFixed(3),
      figures.answered.toFixed(3),
    ]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(rows[0]), line(widths.map((width) => '-'.repeat(width))), ...rows.slice(1).map(line)].join('\n');
}

async function record(evaluations: RouteEvaluation[], documents: number, queries: number): Promise<void> {
  const current = JSON.parse(await readFile(BASELINE_FILE, 'utf8').catch(() => '{}')) as Record<string, unknown>;
  const byMode: Record<string, Record<string, unknown>> = {};
  for (const { route, mode, figures } of evaluations) {
    byMode[mode] = { ...(byMode[mode] ?? {}), [route]: figures };
  }
  const next = {
    about:
      'Search quality figures recorded by `npm run eval:search -- --record` on the corpus of this folder. ' +
      'docs/documents.md quotes them; test/search-quality.e2e-spec.ts fails when lexical recall@10 drops ' +
      'more than `tolerance` below them.',
    tolerance: 0.05,
    ...current,
    recordedAt: new Date().toISOString(),
    revision: sourceRevision(),
    corpus: { documents, queries },
    ...byMode,
  };
  await writeFile(BASELINE_FILE, `${JSON.stringify(next, null, 2)}\n`);
  console.log(`Recorded in ${BASELINE_FILE}`);
}

async function main(argv: string[]): Promise<void> {
  const corpus = await loadSearchCorpus(FOLDER);
  console.log(`Corpus: ${corpus.documents.length} documents, ${corpus.queries.length} labelled queries.`);
  const database = await createThrowawayDatabase({
    serverUrl: process.env['EVAL_DATABASE_URL'] || process.env['TEST_DATABASE_URL'] || undefined,
    prefix: 'keel_eval',
  });
  const storage = await mkdtemp(join(tmpdir(), 'keel-eval-storage-'));
  try {
    console.log('Starting Keel (dist/apps/api, with its workers)…');
    const keel = await startKeelProcess({
      env: {
        DATABASE_URL: database.url,
        KEEL_ROLE: 'all',
        LOG_LEVEL: 'warn',
        MAIL_TRANSPORT: 'log',
        STORAGE_DIR: storage,
        KEEL_MASTER_KEY: randomBytes(32).toString('base64'),
      },
    });
    try {
      const caller = await signUpWithWorkspace(keel.url);
      const started = Date.now();
      const uploaded = await uploadCorpus(caller, corpus);
      console.log(
        `Uploaded and indexed ${uploaded.size} documents in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      );
      const evaluations = [
        await evaluateRoute(caller, corpus, uploaded, 'search'),
        await evaluateRoute(caller, corpus, uploaded, 'retrieve'),
      ];
      if (argv.includes('--queries')) {
        for (const { route, outcomes } of evaluations) {
          console.log(`\n${route}:`);
          for (const outcome of outcomes) {
            console.log(
              `  ${outcome.id} r@10 ${outcome.recallAt10.toFixed(2)} rr ${outcome.reciprocalRank.toFixed(2)}  ` +
                `${outcome.query}  →  ${outcome.ranked.slice(0, 5).join(', ') || '(nothing)'}`,
            );
          }
        }
      }
      console.log(`\n${table(evaluations)}\n`);
      console.log(
        'recall@k: share of the relevant documents among the first k distinct documents; MRR: mean 1/rank of the first relevant one; answered: share of queries with any hit.',
      );
      if (argv.includes('--record')) await record(evaluations, corpus.documents.length, corpus.queries.length);
    } finally {
      await keel.stop();
    }
  } finally {
    await rm(storage, { recursive: true, force: true });
    await database.drop();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
