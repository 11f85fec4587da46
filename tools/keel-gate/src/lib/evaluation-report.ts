import { EXIT_NOT_PASSED, EXIT_PASSED } from './exit-codes';
import { Evaluation } from './keel-wire';

export interface EvaluationReport {
  /** For stdout: a heading, one line per criterion, the verdict. */
  lines: string[];
  /** For stderr: what a CI log should make stand out (a warn verdict, anomalies). */
  warnings: string[];
  exitCode: number;
}

/**
 * How an evaluation reads in a CI log, and the exit code it means: pass and
 * warn let the release through (0), fail and incomplete do not (1). A warn
 * passes because the gate's author chose a warn threshold, not a fail one;
 * the log says so on stderr, where CI systems make it stand out.
 */
export function evaluationReport(evaluation: Evaluation): EvaluationReport {
  const gateVersion = evaluation.gate.version !== undefined ? ` v${evaluation.gate.version}` : '';
  const lines = [
    `gate ${evaluation.gate.key}${gateVersion} on release ${evaluation.release.product} ${evaluation.release.version} ` +
      `(evaluation ${evaluation.id})`,
  ];
  const width = Math.max(0, ...evaluation.criteria.map((criterion) => criterion.key.length));
  const outcomeWidth = Math.max(0, ...evaluation.criteria.map((criterion) => criterion.outcome.length));
  const warnings: string[] = [];
  for (const criterion of evaluation.criteria) {
    const anomaly = criterion.anomaly ? ' [anomaly: far from the usual value]' : '';
    lines.push(
      `  ${criterion.outcome.toUpperCase().padEnd(outcomeWidth)}  ${criterion.key.padEnd(width)}  ${criterion.reason ?? ''}${anomaly}`,
    );
    if (criterion.anomaly)
      warnings.push(`keel-gate: warning: ${criterion.key} is an anomaly: ${criterion.reason ?? ''}`);
  }
  const score = typeof evaluation.score === 'number' ? ` (score ${evaluation.score})` : '';
  lines.push(`verdict: ${evaluation.verdict.toUpperCase()}${score}`);

  switch (evaluation.verdict) {
    case 'pass':
      return { lines, warnings, exitCode: EXIT_PASSED };
    case 'warn':
      warnings.push(`keel-gate: warning: gate ${evaluation.gate.key} passed with warnings (verdict warn)`);
      return { lines, warnings, exitCode: EXIT_PASSED };
    case 'incomplete': {
      const missing = evaluation.criteria.filter((criterion) => criterion.outcome === 'not_measured');
      lines.push(
        `not measured: ${missing.map((criterion) => criterion.key).join(', ') || '(none listed)'}: upload their evidence`,
      );
      return { lines, warnings, exitCode: EXIT_NOT_PASSED };
    }
    default:
      return { lines, warnings, exitCode: EXIT_NOT_PASSED };
  }
}
