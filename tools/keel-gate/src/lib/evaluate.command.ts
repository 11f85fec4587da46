import { CommandContext } from './command';
import { UsageError, KeelGateError } from './keel-gate-error';
import { Evaluation, Gate } from './keel-wire';
import { evaluationReport } from './evaluation-report';
import { RELEASE_TARGET_OPTIONS, resolveReleaseTarget } from './release-target';

export const EVALUATE_USAGE = `keel-gate evaluate --gate KEY [--platform P] [--release ID | --product P --version V] [--json]

  Evaluates the release (the remembered one unless --release or --product/--version say another) against the
  workspace's gate KEY, prints each criterion's outcome and reason, and exits
  0 on pass or warn (warn prints a warning), 1 on fail or incomplete, 2 when it could not evaluate.
  --platform  read only the evidence of this platform (and evidence of none), e.g. linux/amd64
  --json  print the evaluation as Keel answered it (signature included) instead of the table; the exit code is the same`;

export const EVALUATE_OPTIONS = {
  gate: { type: 'string' },
  platform: { type: 'string' },
  json: { type: 'boolean' },
  ...RELEASE_TARGET_OPTIONS,
} as const;

export interface EvaluateOptions {
  gate?: string;
  platform?: string;
  json?: boolean;
  release?: string;
  product?: string;
  version?: string;
}

export async function evaluate(context: CommandContext, options: EvaluateOptions): Promise<number> {
  const key = options.gate;
  if (!key) throw new UsageError('--gate is required');
  const release = await resolveReleaseTarget(context, options);

  const gate = await context.api.findInList<Gate, Gate>(context.api.workspacePath('/gates'), (candidate) =>
    candidate.key === key ? candidate : undefined,
  );
  if (!gate) throw new KeelGateError(`no gate with key "${key}" in workspace ${context.connection.workspaceId}`);

  const evaluation = await context.api.post<Evaluation>(
    context.api.workspacePath(`/releases/${encodeURIComponent(release.id)}/evaluations`),
    { json: { gateId: gate.id, ...(options.platform ? { platform: options.platform } : {}) } },
  );
  const report = evaluationReport(evaluation);
  if (options.json) context.io.out(JSON.stringify(evaluation, null, 2));
  else report.lines.forEach((line) => context.io.out(line));
  report.warnings.forEach((line) => context.io.err(line));
  return report.exitCode;
}
