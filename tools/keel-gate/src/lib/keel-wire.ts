// The parts of Keel's release-gate answers keel-gate reads (docs/release-gates.md has them whole).
// keel-gate is one file with no dependencies, so it does not import @keel/sdk: these few fields are its contract.

export interface Artifact {
  platform: string;
  digest: string;
}

export interface Release {
  id: string;
  product: string;
  version: string;
  commit?: string | null;
  artifacts?: Artifact[];
}

export interface Evidence {
  id: string;
  type?: string;
  sha256?: string;
  size?: number;
  facts?: Record<string, unknown>;
}

export interface Gate {
  id: string;
  key: string;
  name?: string;
}

export type Verdict = 'pass' | 'warn' | 'fail' | 'incomplete';

export interface CriterionResult {
  key: string;
  outcome: string;
  value?: unknown;
  threshold?: { operator?: string; pass?: unknown; warn?: unknown } | null;
  reason?: string;
  anomaly?: boolean;
}

export interface Evaluation {
  id: string;
  gate: { id: string; key: string; version?: number | string; contentHash?: string };
  release: { id: string; product: string; version: string };
  verdict: Verdict;
  score?: number;
  criteria: CriterionResult[];
  evaluatedAt?: string;
}

/** A cursor list: `{data, nextCursor}`. */
export interface Page<T> {
  data: T[];
  nextCursor?: string | null;
}
