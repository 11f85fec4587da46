import { describePace, EventPipelineResult, PipelinePhaseResult } from './event-pipeline-result';
import type { IngestionResult } from './ingestion-result';
import type { BenchResult, ScenarioResult, UnderLoadResult, UnderLoadSide } from './scenario-result';

const VERSUS_HEADER = [
  'scenario',
  'Keel req/s',
  'Keel p50',
  'Keel p99',
  'Keel CPU/req',
  'baseline req/s',
  'baseline p50',
  'baseline p99',
  'baseline CPU/req',
  'Keel/baseline',
];

const UNDER_LOAD_HEADER = [
  'scenario',
  'target',
  'offered',
  'alone req/s',
  'alone p50',
  'alone p99',
  'loaded req/s',
  'loaded p50',
  'loaded p99',
  'meanwhile',
  'p99 loaded/alone',
];

const PIPELINE_HEADER = [
  'scenario',
  'phase',
  'events',
  'Keel events/s',
  'Keel pickup p50',
  'Keel p99',
  'Keel max',
  'baseline events/s',
  'baseline p50',
  'baseline p99',
  'baseline max',
  'events/s Keel/baseline',
  'p50 Keel/baseline',
];

const INGESTION_HEADER = ['scenario', 'file', 'chunks', 'ingestion', 'chunks/s', 'rows or pages/s', 'upload → indexed'];

function ingestionRow(result: IngestionResult): string[] {
  const { median } = result;
  return [
    result.scenario,
    `${(median.bytes / 1_048_576).toFixed(1)} MiB, ${median.units} ${result.unit}`,
    String(median.chunks),
    `${median.ingestSeconds} s`,
    String(median.chunksPerSecond),
    `${median.unitsPerSecond} ${result.unit}/s`,
    `${median.endToEndSeconds} s`,
  ];
}

function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

const ms = (value: number): string => `${value} ms`;
const cpu = (value: number | undefined): string => (value === undefined ? '–' : `${value.toFixed(2)} ms`);

function versusRow(result: ScenarioResult): string[] {
  return [
    result.kind === 'versus-argon2id'
      ? `${result.scenario} ¹`
      : result.kind === 'versus-route'
        ? `${result.scenario} ³`
        : result.scenario,
    String(result.keel.requestsPerSecond),
    ms(result.keel.latencyP50Ms),
    ms(result.keel.latencyP99Ms),
    cpu(result.keel.cpuMsPerRequest),
    String(result.baseline.requestsPerSecond),
    ms(result.baseline.latencyP50Ms),
    ms(result.baseline.latencyP99Ms),
    cpu(result.baseline.cpuMsPerRequest),
    result.ratio.toFixed(2),
  ];
}

function underLoadRow(result: UnderLoadResult, target: 'Keel' | 'baseline', side: UnderLoadSide): string[] {
  return [
    result.scenario,
    target,
    `${result.offeredRatePerSecond} req/s`,
    String(side.alone.requestsPerSecond),
    ms(side.alone.latencyP50Ms),
    ms(side.alone.latencyP99Ms),
    String(side.loaded.requestsPerSecond),
    ms(side.loaded.latencyP50Ms),
    ms(side.loaded.latencyP99Ms),
    `${side.background.requestsPerSecond} ${side.backgroundLabel}/s`,
    side.p99Ratio.toFixed(2),
  ];
}

/** A side's events/s, flagged when some of its events were never consumed. */
function eventsPerSecond(summary: PipelinePhaseResult['keel']): string {
  return summary.undelivered > 0
    ? `${summary.eventsPerSecond} (${summary.undelivered} lost ²)`
    : String(summary.eventsPerSecond);
}

function pipelineRow(result: EventPipelineResult, phase: PipelinePhaseResult): string[] {
  return [
    result.scenario,
    describePace(phase.pace),
    String(phase.eventsPerRound),
    eventsPerSecond(phase.keel),
    ms(phase.keel.latencyP50Ms),
    ms(phase.keel.latencyP99Ms),
    ms(phase.keel.latencyMaxMs),
    eventsPerSecond(phase.baseline),
    ms(phase.baseline.latencyP50Ms),
    ms(phase.baseline.latencyP99Ms),
    ms(phase.baseline.latencyMaxMs),
    phase.throughputRatio.toFixed(2),
    phase.latencyP50Ratio.toFixed(2),
  ];
}

/**
 * Markdown, readable in the terminal and pasted as is into
 * docs/performance.md: one table of Keel against its floors, and, when such
 * a scenario ran, one of a steady load alone against the same load beside a
 * second one, a row for Keel and a row for the baseline; and one of the event
 * pipeline, a row per phase.
 */
export function renderResultsTable(results: BenchResult[]): string {
  const versus = results.filter(
    (result): result is ScenarioResult =>
      result.kind === 'versus-baseline' || result.kind === 'versus-argon2id' || result.kind === 'versus-route',
  );
  const underLoad = results.filter((result): result is UnderLoadResult => result.kind === 'under-load');
  const parts: string[] = [];
  if (versus.length > 0) {
    parts.push(markdownTable(VERSUS_HEADER, versus.map(versusRow)));
    if (versus.some((result) => result.kind === 'versus-argon2id')) {
      parts.push(
        '¹ baseline = the raw argon2id verify loop of this machine: verifications/s, the time and the CPU of one verification.',
      );
    }
    if (versus.some((result) => result.kind === 'versus-route')) {
      parts.push('³ baseline = the HTTP route doing the same work, on the same Keel process in the same run.');
    }
  }
  if (underLoad.length > 0) {
    const rows = underLoad.flatMap((result) => [
      underLoadRow(result, 'Keel', result.keel),
      underLoadRow(result, 'baseline', result.baseline),
    ]);
    parts.push(markdownTable(UNDER_LOAD_HEADER, rows));
  }
  const pipelines = results.filter((result): result is EventPipelineResult => result.kind === 'event-pipeline');
  if (pipelines.length > 0) {
    const rows = pipelines.flatMap((result) => result.phases.map((phase) => pipelineRow(result, phase)));
    parts.push(markdownTable(PIPELINE_HEADER, rows));
    const [first] = pipelines;
    const notes = [
      `Pickup = commit → ${first.consumer}'s claim on Keel (event_deliveries.delivered_at − outbox.occurred_at), ` +
        'commit → picked_at on the SKIP LOCKED loop; events/s = events consumed from the first commit to the last pickup.',
    ];
    if (
      pipelines.some((result) => result.phases.some((phase) => phase.keel.undelivered + phase.baseline.undelivered > 0))
    ) {
      notes.push('² events not consumed when the run stopped waiting for them.');
    }
    parts.push(notes.join('\n'));
  }
  const ingestions = results.filter((result): result is IngestionResult => result.kind === 'ingestion');
  if (ingestions.length > 0) {
    parts.push(markdownTable(INGESTION_HEADER, ingestions.map(ingestionRow)));
    parts.push(
      "Ingestion = processingAt → indexedAt of the document, in Keel's worker process (medians over the rounds).",
    );
  }
  return parts.join('\n\n');
}
