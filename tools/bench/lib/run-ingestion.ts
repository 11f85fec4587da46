import { setTimeout as sleep } from 'node:timers/promises';
import { startKeelWorker } from './bench-targets';
import type { IngestionFile } from './ingestion-files';
import { ingestionResult, IngestionResult, ingestionRound } from './ingestion-result';
import type { ScenarioContext } from './run-scenario';
import type { BenchSeed, IngestionScenario } from './scenarios';

const POLL_MS = 500;
/** How long one file may take from its upload to indexed before the run gives up on it. */
const INGESTION_TIMEOUT_MS = 30 * 60_000;

type Json = Record<string, unknown>;

async function answer(response: Response, what: string): Promise<Json> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: ${response.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as Json;
}

function seconds(from: unknown, to: unknown): number {
  return (new Date(String(to)).getTime() - new Date(String(from)).getTime()) / 1000;
}

/**
 * One large file per round, uploaded through the API (KEEL_ROLE=api) and
 * ingested by Keel's worker process (dist/apps/worker, started here, as a
 * scaled-out worker tier runs it), waited for until `indexed`. The figures
 * come from the document's own stage timestamps: processingAt → indexedAt
 * is the ingestion (extract, chunk, index in one transaction), chunks and
 * rows or pages per second of it.
 */
export async function runIngestion(
  scenario: IngestionScenario,
  seed: BenchSeed,
  context: ScenarioContext,
): Promise<IngestionResult> {
  const { keel, keelSettings, cleanup, options, log } = context;
  const owner = seed.accounts[seed.accounts.length - 1];
  const workspaceId = owner?.workspaceIds[owner.workspaceIds.length - 1];
  if (!owner || !workspaceId) throw new Error(`Scenario ${scenario.name} needs a seeded account and workspace.`);
  const worker = await startKeelWorker(keelSettings);
  cleanup.push(`Keel's worker (${scenario.name})`, () => worker.stop());
  const documents = `${keel.url}/v1/workspaces/${workspaceId}/documents`;
  const authorization = { authorization: `Bearer ${owner.accessToken}` };
  try {
    const rounds = [];
    for (let round = 1; round <= options.rounds; round += 1) {
      const file: IngestionFile = await scenario.file(round, options);
      const form = new FormData();
      form.append('file', new Blob([file.bytes], { type: file.type }), file.fileName);
      const created = await answer(
        await fetch(documents, { method: 'POST', headers: authorization, body: form }),
        `uploading ${file.fileName}`,
      );
      const uploadedAt = Date.now();
      const deadline = uploadedAt + INGESTION_TIMEOUT_MS;
      let document: Json;
      for (;;) {
        document = await answer(
          await fetch(`${documents}/${String(created['id'])}`, { headers: authorization }),
          'reading the document',
        );
        if (document['status'] === 'indexed') break;
        if (document['status'] === 'dead' || Date.now() > deadline) {
          throw new Error(`${file.fileName} was not indexed: ${JSON.stringify(document).slice(0, 800)}`);
        }
        await sleep(POLL_MS);
      }
      const endToEnd = (Date.now() - uploadedAt) / 1000;
      const stages = document['stages'] as Json;
      const measured = ingestionRound(
        { bytes: file.bytes.length, units: file.units },
        Number(document['chunkCount']),
        seconds(stages['processingAt'], stages['indexedAt']),
        endToEnd,
      );
      rounds.push(measured);
      log(
        `   round ${round}/${options.rounds}  ${file.fileName} (${(file.bytes.length / 1_048_576).toFixed(1)} MiB, ` +
          `${file.units} ${file.unit}, attempt ${String(document['attempts'])}): ${measured.chunks} chunks in ` +
          `${measured.ingestSeconds} s = ${measured.chunksPerSecond} chunks/s, ${measured.unitsPerSecond} ${file.unit}/s; ` +
          `upload answered → indexed ${measured.endToEndSeconds} s`,
      );
    }
    return ingestionResult(scenario, scenario.unit, rounds);
  } finally {
    await worker.stop();
  }
}
