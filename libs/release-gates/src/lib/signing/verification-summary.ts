import type { SignedEvaluation } from '../evaluations/dto/evaluation.response';
import type { VerificationSummaryResponse } from '../evaluations/dto/verification-summary.response';

/** Who verified, in every Verification Summary Keel issues. */
export const KEEL_VERIFIER_ID = 'https://keel.dev/release-gates/verifier';
export const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const SLSA_VSA_PREDICATE_TYPE = 'https://slsa.dev/verification_summary/v1';

/**
 * The evaluation as an in-toto Statement (v1) with a SLSA Verification
 * Summary predicate (v1): one subject per artifact digest of the release,
 * the gate version as the policy (its content hash as the policy digest), and
 * PASSED for a pass or warn verdict, FAILED for fail or incomplete.
 */
export function verificationSummaryOf(workspaceId: string, evaluation: SignedEvaluation): VerificationSummaryResponse {
  const { release, gate } = evaluation;
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: release.artifacts.map((artifact) => ({
      name: `${release.product}@${release.version} ${artifact.platform}`,
      digest: { sha256: artifact.digest.replace(/^sha256:/, '') },
    })),
    predicateType: SLSA_VSA_PREDICATE_TYPE,
    predicate: {
      verifier: { id: KEEL_VERIFIER_ID },
      timeVerified: evaluation.evaluatedAt,
      resourceUri: `keel:workspaces/${workspaceId}/releases/${release.id}`,
      policy: {
        uri: `keel:workspaces/${workspaceId}/gates/${gate.id}/versions/${gate.version}`,
        digest: { sha256: gate.contentHash.replace(/^sha256:/, '') },
      },
      verificationResult: evaluation.verdict === 'pass' || evaluation.verdict === 'warn' ? 'PASSED' : 'FAILED',
      verifiedLevels: [
        `KEEL_GATE_${gate.key.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${evaluation.verdict.toUpperCase()}`,
      ],
      slsaVersion: '1.0',
    },
  };
}
