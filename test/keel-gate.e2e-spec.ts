import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CoveredFile, junitReport, lcovReport, ReportedTest } from './support/ci-reports';
import { httpRequest, jsonObject, postJson } from './support/http';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import { createApiKey, createWorkspace } from './support/keel-tenants';
import { makeTempDir, TempDir } from './support/temp-dir';

// Keel eats its own cooking: the built keel-gate CLI (dist/tools/keel-gate/keel-gate.js), run as CI runs it,
// against the built API, with JUnit and lcov reports like the ones `npm test` writes.

const KEEL_GATE = resolve(__dirname, '../dist/tools/keel-gate/keel-gate.js');
const SOURCE = 'https://ci.example.com/keel/runs/4812';
const DIGEST = `sha256:${'c0ffee00'.repeat(8)}`;

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const passing = (suite: string, count: number): ReportedTest[] =>
  Array.from({ length: count }, (_, index) => ({ suite, name: `should hold rule ${index + 1}`, seconds: 0.25 }));

const FAILING_RUN: ReportedTest[] = [
  ...passing('libs/release-gates/src/lib/evaluations/evaluation-rules.spec.ts', 3),
  {
    suite: 'test/release-gates.e2e-spec.ts',
    name: 'release gates › should deny a promotion without a passing evaluation',
    seconds: 1.5,
    failure: 'Error: expect(received).toBe(expected)\n\nExpected: 409\nReceived: 201',
  },
  {
    suite: 'test/release-gates.e2e-spec.ts',
    name: 'release gates › should verify the signature with the published key',
    seconds: 0.75,
    failure: 'Error: signature verification failed',
  },
];
const PASSING_RUN: ReportedTest[] = [
  ...passing('libs/release-gates/src/lib/evaluations/evaluation-rules.spec.ts', 3),
  ...passing('test/release-gates.e2e-spec.ts', 2),
];

/** Two files of `lines` lines in all, `linesHit` of them run: line coverage is exactly their ratio. */
function coverage(lines: number, linesHit: number): CoveredFile[] {
  const first = Math.floor(lines / 2);
  const firstHit = Math.min(first, linesHit);
  return [
    { path: 'libs/release-gates/src/lib/evaluations/evaluation-rules.ts', lines: first, linesHit: firstHit },
    {
      path: 'libs/release-gates/src/lib/gates/gate-validation.ts',
      lines: lines - first,
      linesHit: linesHit - firstHit,
    },
  ];
}

describe('keel-gate against Keel', () => {
  let keel: KeelOnTestDatabase;
  let owner: SignedInPerson;
  let workspaceId: string;
  let ciKey: string;
  let folder: TempDir;

  /** The built CLI in a child process, in `folder`, with only the environment CI would give it. */
  function keelGate(args: string[], apiKey = ciKey): Promise<CliRun> {
    const child = spawn(process.execPath, [KEEL_GATE, ...args], {
      cwd: folder.path,
      env: { PATH: process.env['PATH'], KEEL_URL: keel.keel.url, KEEL_API_KEY: apiKey, KEEL_WORKSPACE: workspaceId },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
  }

  async function upload(type: string, name: string, content: string): Promise<CliRun> {
    await writeFile(join(folder.path, name), content);
    return keelGate(['evidence', 'upload', '--type', type, name, '--source', SOURCE]);
  }

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase();
    folder = await makeTempDir('keel-gate-e2e');
    owner = await signUp(keel.keel.url, 'keel-gate');
    workspaceId = (await createWorkspace(owner, { name: 'Gatekeepers', slug: 'gatekeepers' })).id;
    ciKey = (await createApiKey(owner, workspaceId, 'CI pipeline', ['releases:write', 'evidence:write', 'gates:read']))
      .key;

    // The S01 template as Keel serves it; Keel's CI runs no SARIF scanner yet, so that criterion is not required.
    const authorization = { authorization: `Bearer ${owner.accessToken}` };
    const templates = jsonObject(await httpRequest(`${keel.keel.url}/v1/gate-templates`, { headers: authorization }));
    const s01 = (templates['data'] as Array<{ key: string; criteria: Array<Record<string, unknown>> }>).find(
      (template) => template.key === 'S01',
    );
    expect(s01?.criteria.map((criterion) => criterion['key'])).toEqual(
      expect.arrayContaining(['tests-failures', 'line-coverage', 'sarif-errors']),
    );
    const criteria = (s01?.criteria ?? []).map((criterion) =>
      criterion['evidenceType'] === 'sarif' ? { ...criterion, required: false } : criterion,
    );
    const gate = await postJson(
      `${keel.keel.url}/v1/workspaces/${workspaceId}/gates`,
      { key: 'keel-s01', name: 'Keel CI/CD', fromTemplate: 'S01', criteria },
      authorization,
    );
    expect({ status: gate.status, body: jsonObject(gate) }).toMatchObject({ status: 201 });
  });

  afterAll(async () => {
    await keel?.stop();
    await folder?.remove();
  });

  it('should create the release and remember it for the commands that follow', async () => {
    const run = await keelGate([
      'release',
      'create',
      '--product',
      'keel',
      '--version',
      '1.4.0',
      '--commit',
      '0bde6b3',
      '--artifact',
      `linux/amd64=${DIGEST}`,
    ]);

    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(
      /^created release keel 1\.4\.0 \(\S+\), 1 artifact; remembered in .*\.keel-gate\.json$/m,
    );
  });

  it('should exit 1 with an incomplete verdict while the release has no evidence', async () => {
    const run = await keelGate(['evaluate', '--gate', 'keel-s01']);

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/NOT_MEASURED\s+tests-failures\s+no junit evidence/);
    expect(run.stdout).toMatch(/NOT_MEASURED\s+line-coverage\s+no coverage evidence/);
    expect(run.stdout).toContain('verdict: INCOMPLETE');
  });

  it('should exit 1 with a fail verdict on a report with two failing tests and 62.5 % of lines covered', async () => {
    const junit = await upload('junit', 'junit.xml', junitReport(FAILING_RUN));
    const lcov = await upload('coverage', 'lcov.info', lcovReport(coverage(16, 10)));
    expect(junit).toMatchObject({ code: 0, stderr: '' });
    expect(junit.stdout).toMatch(/uploaded junit evidence \S+ .*tests=5 failures=2/);
    expect(lcov).toMatchObject({ code: 0, stderr: '' });
    expect(lcov.stdout).toContain('lines=62.5');

    const run = await keelGate(['evaluate', '--gate', 'keel-s01']);

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /FAIL\s+tests-failures\s+failures = 2, must be == 0 .*junit.*https:\/\/ci\.example\.com\/keel\/runs\/4812/,
    );
    expect(run.stdout).toMatch(/FAIL\s+line-coverage\s+lines = 62\.5, must be >= 80/);
    expect(run.stdout).toMatch(/NOT_MEASURED\s+sarif-errors/);
    expect(run.stdout).toContain('verdict: FAIL');
  });

  it('should exit 0 with a printed warning when every test passes and 75 % of lines are covered', async () => {
    expect((await upload('junit', 'junit.xml', junitReport(PASSING_RUN))).code).toBe(0);
    expect((await upload('coverage', 'lcov.info', lcovReport(coverage(20, 15)))).code).toBe(0);

    const run = await keelGate(['evaluate', '--gate', 'keel-s01']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/PASS\s+tests-failures\s+failures = 0, must be == 0/);
    expect(run.stdout).toMatch(/WARN\s+line-coverage\s+lines = 75, must be >= 80/);
    expect(run.stdout).toContain('verdict: WARN');
    expect(run.stderr).toContain('keel-gate: warning: gate keel-s01 passed with warnings (verdict warn)');
  });

  it('should exit 0 with a pass verdict once 90 % of lines are covered', async () => {
    expect((await upload('coverage', 'lcov.info', lcovReport(coverage(20, 18)))).code).toBe(0);

    const run = await keelGate(['evaluate', '--gate', 'keel-s01']);

    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/PASS\s+line-coverage\s+lines = 90, must be >= 80/);
    expect(run.stdout).toContain('verdict: PASS');
  });

  it('should let a key with only evidence:write upload to a named release, and refuse it the evaluation', async () => {
    const uploader = (await createApiKey(owner, workspaceId, 'Uploader', ['evidence:write'])).key;
    const releases = jsonObject(
      await httpRequest(`${keel.keel.url}/v1/workspaces/${workspaceId}/releases?product=keel`, {
        headers: { authorization: `Bearer ${owner.accessToken}` },
      }),
    );
    const releaseId = (releases['data'] as Array<{ id: string }>)[0].id;
    await writeFile(join(folder.path, 'junit.xml'), junitReport(PASSING_RUN));

    const uploaded = await keelGate(
      ['evidence', 'upload', '--type', 'junit', 'junit.xml', '--release', releaseId],
      uploader,
    );
    const evaluated = await keelGate(['evaluate', '--gate', 'keel-s01', '--release', releaseId], uploader);

    expect(uploaded).toMatchObject({ code: 0, stderr: '' });
    expect(evaluated.code).toBe(2);
    expect(evaluated.stderr).toContain('keel-gate: PERMISSION_DENIED (403)');
    expect(evaluated.stderr).toContain('the API key needs the permission gates:read');
  });

  it('should exit 2 with the problem code when the version is taken', async () => {
    const run = await keelGate([
      'release',
      'create',
      '--product',
      'keel',
      '--version',
      '1.4.0',
      '--artifact',
      `linux/amd64=${DIGEST}`,
    ]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('keel-gate: RELEASE_EXISTS (409)');
  });
});
