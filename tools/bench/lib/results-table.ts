import type { ScenarioResult } from './scenario-result';

const HEADER = [
  'scenario',
  'Keel req/s',
  'Keel p50',
  'Keel p99',
  'baseline req/s',
  'baseline p50',
  'baseline p99',
  'Keel/baseline',
];

/** A Markdown table: readable in the terminal and pasted as is into docs/performance.md. */
export function renderResultsTable(results: ScenarioResult[]): string {
  const rows = results.map((result) => [
    result.scenario,
    String(result.keel.requestsPerSecond),
    `${result.keel.latencyP50Ms} ms`,
    `${result.keel.latencyP99Ms} ms`,
    String(result.baseline.requestsPerSecond),
    `${result.baseline.latencyP50Ms} ms`,
    `${result.baseline.latencyP99Ms} ms`,
    result.ratio.toFixed(2),
  ]);
  const widths = HEADER.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(HEADER), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
