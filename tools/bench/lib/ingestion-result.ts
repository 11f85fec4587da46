import { median } from './median';

/** One upload's way through ingestion, from the document's own stage timestamps. */
export interface IngestionRound {
  bytes: number;
  units: number;
  chunks: number;
  /** processingAt → indexedAt: extraction, chunking and indexing, in the worker. */
  ingestSeconds: number;
  /** The upload's answer → indexed, as a client waiting for it sees it (queueing included). */
  endToEndSeconds: number;
  chunksPerSecond: number;
  unitsPerSecond: number;
}

/** A large file uploaded through the API and ingested by a worker process, once per round. */
export interface IngestionResult {
  kind: 'ingestion';
  scenario: string;
  description: string;
  unit: 'rows' | 'pages';
  rounds: IngestionRound[];
  /** Medians over the rounds. */
  median: IngestionRound;
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

export function ingestionRound(
  file: { bytes: number; units: number },
  chunks: number,
  ingestSeconds: number,
  endToEndSeconds: number,
): IngestionRound {
  return {
    bytes: file.bytes,
    units: file.units,
    chunks,
    ingestSeconds: round1(ingestSeconds),
    endToEndSeconds: round1(endToEndSeconds),
    chunksPerSecond: ingestSeconds > 0 ? round1(chunks / ingestSeconds) : 0,
    unitsPerSecond: ingestSeconds > 0 ? round1(file.units / ingestSeconds) : 0,
  };
}

export function ingestionResult(
  scenario: { name: string; description: string },
  unit: IngestionResult['unit'],
  rounds: IngestionRound[],
): IngestionResult {
  const pick = (key: keyof IngestionRound) => median(rounds.map((round) => round[key]));
  return {
    kind: 'ingestion',
    scenario: scenario.name,
    description: scenario.description,
    unit,
    rounds,
    median: {
      bytes: pick('bytes'),
      units: pick('units'),
      chunks: pick('chunks'),
      ingestSeconds: round1(pick('ingestSeconds')),
      endToEndSeconds: round1(pick('endToEndSeconds')),
      chunksPerSecond: round1(pick('chunksPerSecond')),
      unitsPerSecond: round1(pick('unitsPerSecond')),
    },
  };
}
