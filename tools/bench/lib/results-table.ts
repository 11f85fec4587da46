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

function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

const ms = (value: number): string => `${value} ms`;
const cpu = (value: number | undefined): string => (value === undefined ? '–' : `${value.toFixed(2)} ms`);

function versusRow(result: ScenarioResult): string[] {
  return [
    result.kind === 'versus-argon2id' ? `${result.scenario} ¹` : result.scenario,
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

/**
 * Markdown, readable in the terminal and pasted as is into
 * docs/performance.md: one table of Keel against its floors, and, when such
 * a scenario ran, one of a steady load alone against the same load beside a
 * second one, a row for Keel and a row for the baseline.
 */
export function renderResultsTable(results: BenchResult[]): string {
  const versus = results.filter((result): result is ScenarioResult => result.kind !== 'under-load');
  const underLoad = results.filter((result): result is UnderLoadResult => result.kind === 'under-load');
  const parts: string[] = [];
  if (versus.length > 0) {
    parts.push(markdownTable(VERSUS_HEADER, versus.map(versusRow)));
    if (versus.some((result) => result.kind === 'versus-argon2id')) {
      parts.push(
        '¹ baseline = the raw argon2id verify loop of this machine: verifications/s, the time and the CPU of one verification.',
      );
    }
  }
  if (underLoad.length > 0) {
    const rows = underLoad.flatMap((result) => [
      underLoadRow(result, 'Keel', result.keel),
      underLoadRow(result, 'baseline', result.baseline),
    ]);
    parts.push(markdownTable(UNDER_LOAD_HEADER, rows));
  }
  return parts.join('\n\n');
}
