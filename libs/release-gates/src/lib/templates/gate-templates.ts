import type { Criterion } from '../gates/criterion';

/** A built-in gate: one sprint gate of a SaaS build-out, with the criteria its evidence must meet. */
export interface GateTemplate {
  key: string;
  name: string;
  description: string;
  criteria: Criterion[];
}

const noFailingTests = (title = 'No failing tests'): Criterion[] => [
  {
    key: 'tests-failures',
    title,
    evidenceType: 'junit',
    fact: 'failures',
    operator: '==',
    pass: 0,
    weight: 2,
    required: true,
  },
  {
    key: 'tests-errors',
    title: 'No test errors',
    evidenceType: 'junit',
    fact: 'errors',
    operator: '==',
    pass: 0,
    weight: 1,
    required: true,
  },
];

const zero = (key: string, title: string, fact: string, weight = 1): Criterion => ({
  key,
  title,
  evidenceType: 'custom',
  fact,
  operator: '==',
  pass: 0,
  weight,
  required: true,
});

/**
 * The sprint map S00–S11 (docs/release-gates.md writes them down). A gate
 * made `fromTemplate` starts with a copy of its criteria.
 */
export const GATE_TEMPLATES: readonly GateTemplate[] = [
  {
    key: 'S00',
    name: 'Architecture',
    description: 'The skeleton holds: module boundaries enforced and no dependency cycles.',
    criteria: [
      zero('boundary-violations', 'No module boundary violations', 'boundaryViolations', 2),
      zero('dependency-cycles', 'No dependency cycles', 'dependencyCycles'),
    ],
  },
  {
    key: 'S01',
    name: 'CI/CD',
    description: 'Every change is built and tested: no failing tests, line coverage of at least 80 %, no SARIF error.',
    criteria: [
      ...noFailingTests(),
      {
        key: 'line-coverage',
        title: 'Line coverage at least 80 %',
        evidenceType: 'coverage',
        fact: 'lines',
        operator: '>=',
        pass: 80,
        warn: 70,
        weight: 1,
        required: true,
      },
      {
        key: 'sarif-errors',
        title: 'No static-analysis error',
        evidenceType: 'sarif',
        fact: 'results.error',
        operator: '==',
        pass: 0,
        weight: 1,
        required: true,
      },
    ],
  },
  {
    key: 'S02',
    name: 'Auth shell',
    description: 'Sign-up, sign-in, sessions and API keys are tested and scanned.',
    criteria: [
      ...noFailingTests('No failing auth tests'),
      {
        key: 'sarif-errors',
        title: 'No static-analysis error',
        evidenceType: 'sarif',
        fact: 'results.error',
        operator: '==',
        pass: 0,
        weight: 1,
        required: true,
      },
      zero('auth-bypasses', 'No authentication bypass found by the probe', 'authBypassFindings', 2),
    ],
  },
  {
    key: 'S03',
    name: 'Tenant isolation',
    description:
      "The isolation suite's report has no failure and the cross-tenant probe read nothing of another tenant.",
    criteria: [
      ...noFailingTests('No failing isolation test'),
      zero('cross-tenant-reads', 'No cross-tenant read', 'crossTenantReads', 3),
    ],
  },
  {
    key: 'S04',
    name: 'Core workflow',
    description: 'The core workflow is tested, covered, and no slower than the last passing releases.',
    criteria: [
      ...noFailingTests(),
      {
        key: 'line-coverage',
        title: 'Line coverage at least 80 %',
        evidenceType: 'coverage',
        fact: 'lines',
        operator: '>=',
        pass: 80,
        warn: 70,
        weight: 1,
        required: true,
      },
      {
        key: 'transition-p95',
        title: 'Workflow transition p95 within 20 % of the last five passing releases',
        evidenceType: 'bench',
        fact: 'metrics.transition_p95_ms',
        operator: '<=',
        pass: 250,
        weight: 1,
        required: true,
        relativeTo: { baseline: 'last-passing', window: 5, maxRegressionPercent: 20 },
      },
    ],
  },
  {
    key: 'S05',
    name: 'Discoverability',
    description: 'Search finds what it should, fast enough.',
    criteria: [
      {
        key: 'search-recall',
        title: 'Search recall@10 at least 0.9',
        evidenceType: 'custom',
        fact: 'searchRecallAt10',
        operator: '>=',
        pass: 0.9,
        warn: 0.85,
        weight: 2,
        required: true,
      },
      {
        key: 'search-p95',
        title: 'Search p95 under 300 ms',
        evidenceType: 'bench',
        fact: 'metrics.search_p95_ms',
        operator: '<=',
        pass: 300,
        warn: 450,
        weight: 1,
        required: true,
      },
    ],
  },
  {
    key: 'S06',
    name: 'AI action',
    description: 'AI tools act only through policy: tested, and no tool call ran unapproved.',
    criteria: [
      ...noFailingTests(),
      zero('unapproved-tool-calls', 'No tool call ran without its approval', 'unapprovedToolCalls', 3),
    ],
  },
  {
    key: 'S07',
    name: 'AI quality',
    description: 'The evaluation set scores well enough and answers stay grounded.',
    criteria: [
      {
        key: 'eval-score',
        title: 'Evaluation score at least 0.85',
        evidenceType: 'custom',
        fact: 'evalScore',
        operator: '>=',
        pass: 0.85,
        warn: 0.8,
        weight: 2,
        required: true,
      },
      {
        key: 'hallucination-rate',
        title: 'Ungrounded answers at most 2 %',
        evidenceType: 'custom',
        fact: 'hallucinationRate',
        operator: '<=',
        pass: 0.02,
        weight: 1,
        required: true,
      },
    ],
  },
  {
    key: 'S08',
    name: 'Automation',
    description: 'The fault suite passes: no event lost and no effect applied twice.',
    criteria: [
      ...noFailingTests('No failing fault test'),
      zero('lost-events', 'No event lost', 'lost', 3),
      zero('duplicate-effects', 'No effect applied twice', 'duplicateEffects', 3),
    ],
  },
  {
    key: 'S09',
    name: 'Billing sync',
    description: "Billing is tested and the provider's records reconcile with ours.",
    criteria: [
      ...noFailingTests(),
      zero('reconciliation-mismatches', 'No reconciliation mismatch', 'reconciliationMismatches', 3),
    ],
  },
  {
    key: 'S10',
    name: 'Beta readiness',
    description: 'Under load: p99 latency and the failure rate within bounds.',
    criteria: [
      {
        key: 'load-p99',
        title: 'p99 under 1 s under load',
        evidenceType: 'load-test',
        fact: 'http_req_duration.p99',
        operator: '<=',
        pass: 1000,
        warn: 1500,
        weight: 2,
        required: true,
      },
      {
        key: 'load-failure-rate',
        title: 'Under 1 % failed requests',
        evidenceType: 'load-test',
        fact: 'http_req_failed.rate',
        operator: '<',
        pass: 0.01,
        weight: 2,
        required: true,
      },
    ],
  },
  {
    key: 'S11',
    name: 'GA launch',
    description: 'Load within bounds, the SLO met, and the cutover approved.',
    criteria: [
      {
        key: 'load-p99',
        title: 'p99 under 800 ms under load',
        evidenceType: 'load-test',
        fact: 'http_req_duration.p99',
        operator: '<=',
        pass: 800,
        weight: 2,
        required: true,
      },
      {
        key: 'load-failure-rate',
        title: 'Under 0.1 % failed requests',
        evidenceType: 'load-test',
        fact: 'http_req_failed.rate',
        operator: '<',
        pass: 0.001,
        weight: 2,
        required: true,
      },
      {
        key: 'slo',
        title: 'Availability SLO at least 99.9 % over the soak',
        evidenceType: 'custom',
        fact: 'sloAvailabilityPercent',
        operator: '>=',
        pass: 99.9,
        weight: 2,
        required: true,
      },
      {
        key: 'cutover-approval',
        title: 'Cutover approved by the release manager',
        evidenceType: 'approval',
        fact: 'role',
        operator: '==',
        pass: 'release-manager',
        weight: 1,
        required: true,
      },
    ],
  },
];

export function gateTemplate(key: string): GateTemplate | undefined {
  return GATE_TEMPLATES.find((template) => template.key === key);
}
