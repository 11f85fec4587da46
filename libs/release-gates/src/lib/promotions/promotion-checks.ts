import type { Verdict } from '../evaluations/evaluation-rules';

/** What a promotion decision knows of one required gate. */
export interface GateStanding {
  version: number;
  allowWarn: boolean;
  latest: { version: number; verdict: Verdict; evidenceWatermark: string | null } | null;
  /** The release's newest evidence item now. */
  newestEvidenceId: string | null;
}

/** Whether the gate lets the release through, and why, in words. */
export function gateStanding(standing: GateStanding): { met: boolean; reason: string } {
  const { latest } = standing;
  if (!latest) return { met: false, reason: 'the release was never evaluated against this gate' };
  if (latest.version !== standing.version) {
    return {
      met: false,
      reason: `the latest evaluation read version ${latest.version} of the gate; it is at version ${standing.version} now`,
    };
  }
  if (standing.newestEvidenceId !== null && standing.newestEvidenceId !== latest.evidenceWatermark) {
    return { met: false, reason: 'newer evidence arrived after the latest evaluation; evaluate again' };
  }
  if (latest.verdict === 'pass')
    return { met: true, reason: `the latest evaluation (version ${latest.version}) passed` };
  if (latest.verdict === 'warn' && standing.allowWarn) {
    return { met: true, reason: `the latest evaluation (version ${latest.version}) warned, which this gate allows` };
  }
  return { met: false, reason: `the latest evaluation's verdict is ${latest.verdict}` };
}
