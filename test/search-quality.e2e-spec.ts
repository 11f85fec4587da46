/**
 * Search quality, held to its recorded figures: the labelled corpus of
 * tools/eval/search (65 documents of a fictional company, 64 questions with
 * the documents that answer them) uploaded once into one workspace of the
 * built API, every question asked through GET …/search and POST …/retrieve,
 * and lexical recall@10 compared with tools/eval/search/baseline.json — the
 * figures docs/documents.md quotes, recorded by `npm run eval:search -- --record`.
 * A change to extraction, chunking or ranking that loses more than the
 * tolerance (0.05) fails here; one that gains should be recorded.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  evaluateRoute,
  loadSearchCorpus,
  QualityFigures,
  SearchCorpus,
  uploadCorpus,
  UploadedCorpus,
  WorkspaceCaller,
} from '@keel/platform-testing';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { signUp } from './support/keel-people';
import { createWorkspace } from './support/keel-tenants';
import { makeTempDir, TempDir } from './support/temp-dir';

const EVAL_FOLDER = join(__dirname, '../tools/eval/search');

interface Baseline {
  tolerance: number;
  lexical: { search: QualityFigures; retrieve: QualityFigures };
}

describe('search quality on the labelled corpus', () => {
  let keel: KeelOnTestDatabase;
  let storage: TempDir;
  let baseline: Baseline;
  let corpus: SearchCorpus;
  let caller: WorkspaceCaller;
  let uploaded: UploadedCorpus;

  beforeAll(async () => {
    baseline = JSON.parse(await readFile(join(EVAL_FOLDER, 'baseline.json'), 'utf8')) as Baseline;
    corpus = await loadSearchCorpus(EVAL_FOLDER);
    storage = await makeTempDir('keel-search-quality-storage');
    // Lexical search at its defaults: no embeddings, whatever the shell says.
    keel = await startKeelOnTestDatabase({ STORAGE_DIR: storage.path, EMBEDDINGS_PROVIDER: undefined });
    const owner = await signUp(keel.keel.url, 'search-quality');
    const workspace = await createWorkspace(owner, { name: 'Brightwell Labs' });
    caller = { baseUrl: keel.keel.url, accessToken: owner.accessToken, workspaceId: String(workspace.id) };
    uploaded = await uploadCorpus(caller, corpus, { timeoutMs: 240_000 });
  }, 300_000);

  afterAll(async () => {
    await keel?.stop();
    await storage?.remove();
  });

  it('should hold a corpus of at least 60 documents and 40 labelled questions', () => {
    expect(uploaded.size).toBe(corpus.documents.length);
    expect(corpus.documents.length).toBeGreaterThanOrEqual(60);
    expect(corpus.queries.length).toBeGreaterThanOrEqual(40);
  });

  it.each(['search', 'retrieve'] as const)(
    'should keep the lexical recall@10 of %s within the tolerance of its recorded value',
    async (route) => {
      const evaluation = await evaluateRoute(caller, corpus, uploaded, route);
      expect(evaluation.mode).toBe('lexical');
      const recorded = baseline.lexical[route];
      const floor = recorded.recallAt10 - baseline.tolerance;
      const missed = evaluation.outcomes
        .filter((outcome) => outcome.recallAt10 < 1)
        .map((outcome) => `${outcome.id} (${outcome.recallAt10.toFixed(2)}): ${outcome.query}`);
      // On failure, the figure and the questions that missed say where quality went.
      expect({
        recallAt10: evaluation.figures.recallAt10,
        atLeastFloor: evaluation.figures.recallAt10 >= floor,
        missed,
      }).toMatchObject({
        atLeastFloor: true,
      });
    },
    120_000,
  );
});
