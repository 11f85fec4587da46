export class AttestationSubjectResponse {
  /** @example "keel-api@1.4.0-rc.1 linux/amd64" */
  name: string;
  /** @example {"sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"} */
  digest: Record<string, string>;
}

export class VerifierResponse {
  /** @example "https://keel.dev/release-gates/verifier" */
  id: string;
}

export class VerificationPolicyResponse {
  /** The gate version the release was checked against. @example "keel:workspaces/0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10/gates/0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b21/versions/1" */
  uri: string;
  /** The gate version's content hash. @example {"sha256":"1c5e2f0a7b3d9e4c6a8f0b2d4e6a8c0e2f4a6b8d0c2e4f6a8b0d2e4f6a8c0e2f"} */
  digest: Record<string, string>;
}

export class VerificationSummaryPredicateResponse {
  verifier: VerifierResponse;
  /** @example "2026-12-07T10:01:00.000Z" */
  timeVerified: string;
  /** @example "keel:workspaces/0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10/releases/0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b01" */
  resourceUri: string;
  policy: VerificationPolicyResponse;
  /** `PASSED` (verdict pass or warn) or `FAILED` (fail or incomplete). @example "FAILED" */
  verificationResult: 'PASSED' | 'FAILED';
  /** @example ["KEEL_GATE_CI_CD_FAIL"] */
  verifiedLevels: string[];
  /** @example "1.0" */
  slsaVersion: string;
}

/** An in-toto Statement (v1) with a SLSA Verification Summary predicate (v1). */
export class VerificationSummaryResponse {
  /** @example "https://in-toto.io/Statement/v1" */
  _type: string;
  subject: AttestationSubjectResponse[];
  /** @example "https://slsa.dev/verification_summary/v1" */
  predicateType: string;
  predicate: VerificationSummaryPredicateResponse;
}
