/**
 * Release gates through the built API on real PostgreSQL, as a CI pipeline
 * and a team use them: releases and their artifact ledger, evidence uploaded
 * as files and as JSON (parsed, size-limited, hash-chained), gates with
 * immutable versions, signed evaluations (verified with the published key),
 * relative criteria, waivers decided by someone else, promotions denied then
 * allowed, and a CI key that can upload evidence and nothing else.
 */
import { createHash } from 'node:crypto';
import { compactVerify, createRemoteJWKSet, decodeProtectedHeader } from 'jose';
import { HttpResult, httpRequest, jsonObject, postJson } from './support/http';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import { addMember, createApiKey, createWorkspace } from './support/keel-tenants';
import { expectPermissionDenied, expectProblem } from './support/problem-details';

type Json = Record<string, unknown>;

const MAX_BYTES = 8192;

function junitReport(failures: number): string {
  const passing = Array.from(
    { length: 4 },
    (_, index) => `    <testcase classname="gates" name="passes ${index}" time="0.01"/>`,
  );
  const failing = Array.from(
    { length: failures },
    (_, index) =>
      `    <testcase classname="gates" name="fails ${index}" time="0.02"><failure message="expected 1, got 2">AssertionError</failure></testcase>`,
  );
  const tests = passing.length + failing.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="jest tests" tests="${tests}" failures="${failures}" errors="0" time="0.5">`,
    `  <testsuite name="release gates" tests="${tests}" failures="${failures}" errors="0" skipped="0" time="0.5">`,
    ...passing,
    ...failing,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function digestOf(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

describe('release gates', () => {
  let keel: KeelOnTestDatabase;
  let baseUrl: string;
  let owner: SignedInPerson;
  let approver: SignedInPerson;
  let workspaceId: string;
  let ciKey: string;
  let releaseCount = 0;

  const url = (path: string) => `${baseUrl}/v1/workspaces/${workspaceId}${path}`;
  const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });
  const post = (path: string, body: unknown, as: string = owner.accessToken): Promise<HttpResult> =>
    postJson(url(path), body, bearer(as));
  const get = (path: string, as: string = owner.accessToken): Promise<HttpResult> =>
    httpRequest(url(path), { headers: bearer(as) });
  const created = async (answer: Promise<HttpResult>, status = 201): Promise<Json> => {
    const result = await answer;
    expect({ status: result.status, body: result.text.slice(0, 800) }).toMatchObject({ status });
    return jsonObject(result);
  };
  const upload = (
    releaseId: unknown,
    fields: Record<string, string>,
    file: string | Buffer,
    as: string = owner.accessToken,
  ): Promise<HttpResult> => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([file]), 'report');
    return httpRequest(url(`/releases/${String(releaseId)}/evidence`), {
      method: 'POST',
      headers: bearer(as),
      body: form,
    });
  };
  const newRelease = async (product = 'keel-api', body: Json = {}): Promise<Json> => {
    releaseCount++;
    return created(
      post('/releases', {
        product,
        version: `1.0.${releaseCount}`,
        artifacts: [{ platform: 'linux/amd64', digest: digestOf(`build ${releaseCount}`) }],
        ...body,
      }),
    );
  };
  const newGate = (body: Json): Promise<Json> =>
    created(post('/gates', { name: `Gate ${String(body['key'])}`, ...body }));
  const evaluate = (releaseId: unknown, gateId: unknown, as?: string): Promise<Json> =>
    created(post(`/releases/${String(releaseId)}/evaluations`, { gateId }, as));
  const criterionOf = (evaluation: Json, key: string): Json =>
    (evaluation['criteria'] as Json[]).find((criterion) => criterion['key'] === key) ?? {};

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase({ EVIDENCE_MAX_BYTES: String(MAX_BYTES) });
    baseUrl = keel.keel.url;
    owner = await signUp(baseUrl, 'gates-owner');
    workspaceId = String((await createWorkspace(owner, { name: 'Gate Works' })).id);
    approver = await addMember(baseUrl, owner, workspaceId, {
      email: 'gates-approver@example.com',
      name: 'Gates Approver',
      role: 'admin',
    });
    ciKey = (await createApiKey(owner, workspaceId, 'CI', ['evidence:write'])).key;
  }, 120_000);

  afterAll(async () => {
    await keel?.stop();
  });

  describe('releases', () => {
    it('should register a release with its artifacts, and refuse the same product and version with 409 RELEASE_EXISTS', async () => {
      const body = {
        product: 'ledger',
        version: '2.0.0',
        commit: '3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39',
        artifacts: [
          { platform: 'linux/amd64', digest: digestOf('amd64') },
          { platform: 'linux/arm64', digest: digestOf('arm64') },
        ],
      };
      const release = await created(post('/releases', body));
      expect(release).toMatchObject({ ...body, createdBy: { type: 'user', id: owner.userId } });
      expect(jsonObject(await get(`/releases/${String(release['id'])}`))).toEqual(release);
      const listed = jsonObject(await get('/releases?product=ledger'));
      expect(listed['data']).toEqual([release]);

      expectProblem(await post('/releases', body), { status: 409, code: 'RELEASE_EXISTS' });
    });

    it('should refuse a bad digest with 422 naming $.artifacts[i].digest', async () => {
      const answer = await post('/releases', {
        product: 'ledger',
        version: '2.0.1',
        artifacts: [
          { platform: 'linux/amd64', digest: digestOf('fine') },
          { platform: 'linux/arm64', digest: 'sha256:NOTHEX' },
        ],
      });
      const problem = expectProblem(answer, { status: 422, code: 'VALIDATION_FAILED' });
      expect(problem.errors?.map((error) => error.path)).toEqual(['$.artifacts[1].digest']);
    });
  });

  describe('evidence', () => {
    it('should parse an uploaded JUnit report, keep its hash, size and source, and chain it to the previous item', async () => {
      const release = await newRelease();
      const report = junitReport(0);
      const first = await created(
        upload(
          release['id'],
          { type: 'junit', source: 'https://ci.example.com/runs/1', platform: 'linux/amd64' },
          report,
          ciKey,
        ),
      );
      expect(first).toMatchObject({
        type: 'junit',
        platform: 'linux/amd64',
        source: 'https://ci.example.com/runs/1',
        sha256: createHash('sha256').update(report).digest('hex'),
        sizeBytes: Buffer.byteLength(report),
        previousHash: null,
        facts: { tests: 4, failures: 0 },
      });
      const second = await created(
        post(`/releases/${String(release['id'])}/evidence`, { type: 'custom', data: { crossTenantReads: 0 } }, ciKey),
      );
      expect(second['previousHash']).toBe(first['chainHash']);

      const listed = jsonObject(await get(`/releases/${String(release['id'])}/evidence`));
      expect((listed['data'] as Json[]).map((item) => item['id'])).toEqual([first['id'], second['id']]);
      expect(listed['chain']).toEqual({
        verified: true,
        length: 2,
        head: second['chainHash'],
        brokenAt: null,
        reason: null,
      });
    });

    it('should show a chain that no longer verifies once a stored byte changes', async () => {
      const release = await newRelease();
      const item = await created(
        post(`/releases/${String(release['id'])}/evidence`, { type: 'custom', data: { a: 1 } }),
      );
      // The sealed bytes of another item (of the same length class), moved onto this one: they no longer open.
      const other = await created(
        post(`/releases/${String(release['id'])}/evidence`, { type: 'custom', data: { a: 2 } }),
      );
      await keel.database.dataSource.query(
        `UPDATE evidence_items SET content_sealed = (SELECT content_sealed FROM evidence_items WHERE id = $2) WHERE id = $1`,
        [item['id'], other['id']],
      );
      const listed = jsonObject(await get(`/releases/${String(release['id'])}/evidence`));
      expect(listed['chain']).toMatchObject({ verified: false, brokenAt: item['id'] });
    });

    it('should keep the bytes sealed at rest, never in clear', async () => {
      const release = await newRelease();
      const marker = `ghp_${'x'.repeat(36)}`;
      const item = await created(
        post(`/releases/${String(release['id'])}/evidence`, { type: 'custom', data: { leaked: marker } }),
      );
      const [row] = await keel.database.dataSource.query<{ content: Buffer | null; content_sealed: string }[]>(
        'SELECT content, content_sealed FROM evidence_items WHERE id = $1',
        [item['id']],
      );
      expect(row.content).toBeNull();
      expect(row.content_sealed).not.toContain(marker);
      const listed = jsonObject(await get(`/releases/${String(release['id'])}/evidence`));
      expect(listed['chain']).toMatchObject({ verified: true });
    });

    it('should answer 422 EVIDENCE_UNPARSEABLE with the reason for a file that is not its type', async () => {
      const release = await newRelease();
      const answer = await upload(release['id'], { type: 'junit' }, 'this is not XML at all');
      const problem = expectProblem(answer, { status: 422, code: 'EVIDENCE_UNPARSEABLE', extensions: {} });
      expect(problem['reason']).toEqual(expect.any(String));
      expect(jsonObject(await get(`/releases/${String(release['id'])}/evidence`))['data']).toEqual([]);
    });

    it('should answer 413 for a file over EVIDENCE_MAX_BYTES', async () => {
      const release = await newRelease();
      const answer = await upload(release['id'], { type: 'junit' }, Buffer.alloc(MAX_BYTES + 1, 'x'));
      expectProblem(answer, { status: 413, code: 'PAYLOAD_TOO_LARGE' });
    });

    it('should refuse a NUL in a form field with 422 INVALID_CHARACTERS, and a broken multipart body with 400, storing nothing', async () => {
      const release = await newRelease();
      const nul = await upload(
        release['id'],
        { type: 'junit', source: 'https://ci.example.com/\u0000' },
        junitReport(0),
      );
      const problem = expectProblem(nul, { status: 422, code: 'INVALID_CHARACTERS' });
      expect(JSON.stringify(problem['errors'])).toContain('source');
      const broken = await httpRequest(url(`/releases/${String(release['id'])}/evidence`), {
        method: 'POST',
        headers: { ...bearer(owner.accessToken), 'content-type': 'multipart/form-data; boundary=keel' },
        body: '--keel\r\nContent-Disposition: form-data; name="type"\r\n\r\njunit\r\n--keel\r\nContent-Disposition: form-da',
      });
      expectProblem(broken, { status: 400, code: 'BAD_REQUEST' });
      expect(jsonObject(await get(`/releases/${String(release['id'])}/evidence`))['data']).toEqual([]);
    });

    it('should refuse an attestation about none of the release artifacts with 422', async () => {
      const release = await newRelease();
      const statement = (digest: string) => ({
        _type: 'https://in-toto.io/Statement/v1',
        subject: [{ name: 'keel-api', digest: { sha256: digest.replace('sha256:', '') } }],
        predicateType: 'https://slsa.dev/provenance/v1',
        predicate: {},
      });
      const other = await post(`/releases/${String(release['id'])}/evidence`, {
        type: 'attestation',
        data: statement(digestOf('someone else')),
      });
      expectProblem(other, { status: 422, code: 'EVIDENCE_SUBJECT_MISMATCH', extensions: {} });
      const own = (release['artifacts'] as Json[])[0]['digest'] as string;
      await created(post(`/releases/${String(release['id'])}/evidence`, { type: 'attestation', data: statement(own) }));
    });
  });

  describe('gates', () => {
    it('should list the templates S00 to S11 to anyone', async () => {
      const answer = jsonObject(await httpRequest(`${baseUrl}/v1/gate-templates`));
      const templates = answer['data'] as Json[];
      expect(templates.map((template) => template['key'])).toEqual([
        'S00',
        'S01',
        'S02',
        'S03',
        'S04',
        'S05',
        'S06',
        'S07',
        'S08',
        'S09',
        'S10',
        'S11',
      ]);
      const gate = await newGate({ key: 'from-s01', fromTemplate: 'S01', criteria: [] });
      expect(gate['criteria']).toEqual(templates[1]['criteria']);
    });

    it('should refuse an unknown evidence type, an unknown operator and a bad path with 422 GATE_INVALID at their JSON paths', async () => {
      const answer = await post('/gates', {
        key: 'broken',
        name: 'Broken',
        criteria: [
          { key: 'a', title: 'A', evidenceType: 'junitt', fact: 'failures', operator: '==', pass: 0 },
          { key: 'b', title: 'B', evidenceType: 'junit', fact: 'failures', operator: '=>', pass: 0 },
          { key: 'c', title: 'C', evidenceType: 'junit', fact: '$.failures', operator: '==', pass: 0 },
        ],
      });
      const problem = expectProblem(answer, { status: 422, code: 'GATE_INVALID' });
      expect(problem.errors?.map((error) => error.path)).toEqual([
        '$.criteria[0].evidenceType',
        '$.criteria[1].operator',
        '$.criteria[2].fact',
      ]);
    });

    it('should make a new immutable version with another content hash when the criteria change, and none otherwise', async () => {
      const criterion = { key: 'f', title: 'F', evidenceType: 'junit', fact: 'failures', operator: '==', pass: 0 };
      const gate = await newGate({ key: 'versioned', criteria: [criterion] });
      expect(gate).toMatchObject({ version: 1, contentHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
      const renamed = jsonObject(
        await httpRequest(url(`/gates/${String(gate['id'])}`), {
          method: 'PATCH',
          headers: { ...bearer(owner.accessToken), 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'Renamed', criteria: [criterion] }),
        }),
      );
      expect(renamed).toMatchObject({ name: 'Renamed', version: 1, contentHash: gate['contentHash'] });
      const changed = jsonObject(
        await httpRequest(url(`/gates/${String(gate['id'])}`), {
          method: 'PATCH',
          headers: { ...bearer(owner.accessToken), 'content-type': 'application/json' },
          body: JSON.stringify({ criteria: [{ ...criterion, pass: 1 }] }),
        }),
      );
      expect(changed['version']).toBe(2);
      expect(changed['contentHash']).not.toBe(gate['contentHash']);
    });
  });

  describe('evaluations', () => {
    let testsGate: Json;

    beforeAll(async () => {
      testsGate = await newGate({
        key: 'tests',
        requiredFor: ['production'],
        criteria: [
          {
            key: 'tests-failures',
            title: 'No failing tests',
            evidenceType: 'junit',
            fact: 'failures',
            operator: '==',
            pass: 0,
          },
        ],
      });
    });

    it('should fail on a failing JUnit report and pass on a passing one, saying why in words', async () => {
      const release = await newRelease();
      await created(
        upload(release['id'], { type: 'junit', source: 'https://ci.example.com/runs/123' }, junitReport(3), ciKey),
      );
      const failed = await evaluate(release['id'], testsGate['id']);
      expect(failed).toMatchObject({
        gate: { id: testsGate['id'], key: 'tests', version: 1, contentHash: testsGate['contentHash'] },
        release: {
          id: release['id'],
          product: 'keel-api',
          version: release['version'],
          artifacts: release['artifacts'],
        },
        verdict: 'fail',
        score: 0,
      });
      expect(criterionOf(failed, 'tests-failures')).toMatchObject({
        outcome: 'fail',
        value: 3,
        threshold: { operator: '==', pass: 0, warn: null },
        reason: 'failures = 3, must be == 0 (junit from https://ci.example.com/runs/123)',
      });

      await created(
        upload(release['id'], { type: 'junit', source: 'https://ci.example.com/runs/124' }, junitReport(0), ciKey),
      );
      const passed = await evaluate(release['id'], testsGate['id']);
      expect(passed).toMatchObject({ verdict: 'pass', score: 100 });
      expect(criterionOf(passed, 'tests-failures')).toMatchObject({ outcome: 'pass', value: 0 });

      const listed = jsonObject(await get(`/releases/${String(release['id'])}/evaluations`));
      expect((listed['data'] as Json[]).map((evaluation) => evaluation['id'])).toEqual([passed['id'], failed['id']]);
      expect(jsonObject(await get(`/evaluations/${String(failed['id'])}`))).toEqual(failed);
    });

    it('should call stale evidence not_measured, never failed, and the verdict incomplete', async () => {
      const gate = await newGate({
        key: 'fresh-probe',
        criteria: [
          {
            key: 'probe',
            title: 'Probe',
            evidenceType: 'custom',
            fact: 'crossTenantReads',
            operator: '==',
            pass: 0,
            maxAgeHours: 1,
          },
        ],
      });
      const release = await newRelease();
      const threeHoursAgo = new Date(Date.now() - 3 * 3_600_000).toISOString();
      await created(
        post(`/releases/${String(release['id'])}/evidence`, {
          type: 'custom',
          data: { crossTenantReads: 5 },
          collectedAt: threeHoursAgo,
        }),
      );
      const evaluation = await evaluate(release['id'], gate['id']);
      expect(evaluation['verdict']).toBe('incomplete');
      expect(criterionOf(evaluation, 'probe')).toMatchObject({ outcome: 'not_measured', value: null });
      expect(String(criterionOf(evaluation, 'probe')['reason'])).toContain('more than maxAgeHours 1');
    });

    it('should compare a relative criterion with the median of the three earlier passing releases, with its z-score', async () => {
      const gate = await newGate({
        key: 'latency',
        criteria: [
          {
            key: 'p95',
            title: 'Transition p95',
            evidenceType: 'custom',
            fact: 'p95',
            operator: '<=',
            pass: 1000,
            relativeTo: { baseline: 'last-passing', window: 3, maxRegressionPercent: 20 },
          },
        ],
      });
      for (const value of [100, 110, 120]) {
        const earlier = await newRelease('latency-app');
        await created(post(`/releases/${String(earlier['id'])}/evidence`, { type: 'custom', data: { p95: value } }));
        expect((await evaluate(earlier['id'], gate['id']))['verdict']).toBe('pass');
      }
      const slower = await newRelease('latency-app');
      await created(post(`/releases/${String(slower['id'])}/evidence`, { type: 'custom', data: { p95: 200 } }));
      const evaluation = await evaluate(slower['id'], gate['id']);
      expect(evaluation['verdict']).toBe('fail');
      expect(criterionOf(evaluation, 'p95')).toMatchObject({
        outcome: 'fail',
        value: 200,
        baseline: { median: 110, n: 3, zScore: 11.02 },
        anomaly: true,
      });
      expect(String(criterionOf(evaluation, 'p95')['reason'])).toContain(
        '81.8 % worse than the median 110 of the last 3',
      );
    });

    it('should sign the verdict with a key published in /.well-known/jwks.json, and attest it as a SLSA verification summary', async () => {
      const release = await newRelease();
      await created(upload(release['id'], { type: 'junit' }, junitReport(0), ciKey));
      const evaluation = await evaluate(release['id'], testsGate['id']);
      const jwks = jsonObject(await httpRequest(`${baseUrl}/.well-known/jwks.json`));
      const header = decodeProtectedHeader(String(evaluation['signature']));
      expect(header).toMatchObject({ alg: 'EdDSA', typ: 'keel-verdict+jws' });
      expect(jwks['keys']).toEqual(
        expect.arrayContaining([expect.objectContaining({ kid: header.kid, kty: 'OKP', crv: 'Ed25519', use: 'sig' })]),
      );
      const { payload } = await compactVerify(
        String(evaluation['signature']),
        createRemoteJWKSet(new URL(`${baseUrl}/.well-known/jwks.json`)),
      );
      const { signature: _signature, ...signed } = evaluation;
      expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(signed);
      // Published beside the access-token keys, but never taken for one.
      expectProblem(await httpRequest(`${baseUrl}/v1/me`, { headers: bearer(String(evaluation['signature'])) }), {
        status: 401,
        code: 'INVALID_TOKEN',
      });

      const attestation = jsonObject(await get(`/evaluations/${String(evaluation['id'])}/attestation`));
      expect(attestation).toMatchObject({
        _type: 'https://in-toto.io/Statement/v1',
        predicateType: 'https://slsa.dev/verification_summary/v1',
        subject: (release['artifacts'] as Json[]).map((artifact) => ({
          digest: { sha256: String(artifact['digest']).replace('sha256:', '') },
        })),
        predicate: {
          verifier: { id: expect.any(String) },
          timeVerified: evaluation['evaluatedAt'],
          resourceUri: expect.stringContaining(String(release['id'])),
          policy: { digest: { sha256: String(testsGate['contentHash']).replace('sha256:', '') } },
          verificationResult: 'PASSED',
        },
      });
    });
  });

  describe('waivers and promotions', () => {
    it("should refuse the requester's own approval with 403 WAIVER_SELF_APPROVAL, and turn a fail into waived once another approves", async () => {
      const gate = await newGate({
        key: 'coverage',
        criteria: [{ key: 'lines', title: 'Lines', evidenceType: 'custom', fact: 'lines', operator: '>=', pass: 80 }],
      });
      const release = await newRelease();
      await created(post(`/releases/${String(release['id'])}/evidence`, { type: 'custom', data: { lines: 72 } }));
      expect((await evaluate(release['id'], gate['id']))['verdict']).toBe('fail');

      const waiver = await created(
        post(`/releases/${String(release['id'])}/waivers`, {
          gateId: gate['id'],
          criterion: 'lines',
          reason: 'The importer rewrite lands in 1.0.x+1.',
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        }),
      );
      expect(waiver).toMatchObject({ status: 'pending', requestedBy: { type: 'user', id: owner.userId } });
      expectProblem(await post(`/waivers/${String(waiver['id'])}/approve`, {}), {
        status: 403,
        code: 'WAIVER_SELF_APPROVAL',
      });

      const approved = await created(post(`/waivers/${String(waiver['id'])}/approve`, {}, approver.accessToken), 200);
      expect(approved).toMatchObject({ status: 'approved', decidedBy: { type: 'user', id: approver.userId } });
      expectProblem(await post(`/waivers/${String(waiver['id'])}/reject`, {}, approver.accessToken), {
        status: 409,
        code: 'WAIVER_DECIDED',
        extensions: { waiverStatus: 'approved' },
      });

      const waived = await evaluate(release['id'], gate['id']);
      expect(waived['verdict']).toBe('pass');
      expect(criterionOf(waived, 'lines')).toMatchObject({ outcome: 'waived', value: 72 });
      expect(String(criterionOf(waived, 'lines')['reason'])).toContain(`by waiver ${String(waiver['id'])}`);
    });

    it('should deny a promotion listing each unmet gate and why, then allow it once the gate passes, storing every decision', async () => {
      const gate = await newGate({
        key: 'isolation',
        requiredFor: ['production'],
        criteria: [
          {
            key: 'reads',
            title: 'No cross-tenant read',
            evidenceType: 'custom',
            fact: 'crossTenantReads',
            operator: '==',
            pass: 0,
          },
        ],
      });
      // The other gates required for production pass here too, so only `isolation` decides.
      const release = await newRelease();
      await created(upload(release['id'], { type: 'junit' }, junitReport(0)));
      await created(
        post(`/releases/${String(release['id'])}/evidence`, { type: 'custom', data: { crossTenantReads: 2 } }),
      );
      const testsGate = ((jsonObject(await get('/gates?limit=100'))['data'] as Json[]).find(
        (g) => g['key'] === 'tests',
      ) ?? {})['id'];
      await evaluate(release['id'], testsGate);
      const failed = await evaluate(release['id'], gate['id']);
      expect(failed['verdict']).toBe('fail');

      const denied = await post(`/releases/${String(release['id'])}/promotions`, { stage: 'production' });
      const problem = expectProblem(denied, {
        status: 409,
        code: 'PROMOTION_DENIED',
        extensions: { stage: 'production', promotionId: expect.any(String) },
      });
      expect(problem['unmetGates']).toEqual([
        expect.objectContaining({
          key: 'isolation',
          evaluationId: failed['id'],
          verdict: 'fail',
          met: false,
          reason: "the latest evaluation's verdict is fail",
        }),
      ]);

      await created(
        post(`/releases/${String(release['id'])}/evidence`, { type: 'custom', data: { crossTenantReads: 0 } }),
      );
      const stale = await post(`/releases/${String(release['id'])}/promotions`, { stage: 'production' });
      expect(
        String(
          JSON.stringify(
            expectProblem(stale, {
              status: 409,
              code: 'PROMOTION_DENIED',
              extensions: { stage: 'production', promotionId: expect.any(String) },
            }),
          ),
        ),
      ).toContain('newer evidence');

      await evaluate(release['id'], testsGate);
      expect((await evaluate(release['id'], gate['id']))['verdict']).toBe('pass');
      const allowed = await created(post(`/releases/${String(release['id'])}/promotions`, { stage: 'production' }));
      expect(allowed).toMatchObject({ stage: 'production', allowed: true });
      expect((allowed['gates'] as Json[]).map((check) => [check['key'], check['met']])).toEqual([
        ['isolation', true],
        ['tests', true],
      ]);

      const decisions = jsonObject(await get(`/releases/${String(release['id'])}/promotions`))['data'] as Json[];
      expect(decisions.map((decision) => decision['allowed'])).toEqual([true, false, false]);
      expect(decisions[2]['id']).toBe(problem['promotionId']);

      const events: { type: string }[] = await keel.database.dataSource.query(
        'SELECT DISTINCT type FROM outbox WHERE workspace_id = $1 ORDER BY type',
        [workspaceId],
      );
      expect(events.map((event) => event.type)).toEqual(
        expect.arrayContaining([
          'release.created',
          'gate.evaluated',
          'waiver.requested',
          'waiver.decided',
          'release.promoted',
          'promotion.denied',
        ]),
      );
    });
  });

  describe('a CI key with evidence:write only', () => {
    it('should upload evidence and be refused 403 on every other release-gates route and elsewhere', async () => {
      const release = await newRelease();
      const gate = (jsonObject(await get('/gates?limit=1'))['data'] as Json[])[0];
      const evaluation = await evaluate(release['id'], gate['id']);
      await created(post(`/releases/${String(release['id'])}/evidence`, { type: 'custom', data: { ok: 1 } }, ciKey));

      const releasePath = `/releases/${String(release['id'])}`;
      const refused: [string, string, unknown, string][] = [
        ['GET', '/releases', undefined, 'gates:read'],
        [
          'POST',
          '/releases',
          { product: 'x', version: '1', artifacts: [{ platform: 'linux/amd64', digest: digestOf('x') }] },
          'releases:write',
        ],
        ['GET', releasePath, undefined, 'gates:read'],
        ['GET', `${releasePath}/evidence`, undefined, 'gates:read'],
        ['POST', `${releasePath}/evaluations`, { gateId: gate['id'] }, 'releases:write'],
        ['GET', `${releasePath}/evaluations`, undefined, 'gates:read'],
        ['GET', `/evaluations/${String(evaluation['id'])}`, undefined, 'gates:read'],
        ['GET', `/evaluations/${String(evaluation['id'])}/attestation`, undefined, 'gates:read'],
        [
          'POST',
          `${releasePath}/waivers`,
          { gateId: gate['id'], criterion: 'x', reason: 'r', expiresAt: '2099-01-01T00:00:00Z' },
          'releases:write',
        ],
        ['GET', `${releasePath}/waivers`, undefined, 'gates:read'],
        ['POST', `${releasePath}/promotions`, { stage: 'production' }, 'releases:promote'],
        ['GET', `${releasePath}/promotions`, undefined, 'gates:read'],
        ['GET', '/gates', undefined, 'gates:read'],
        ['POST', '/gates', { key: 'k', name: 'n', criteria: [] }, 'gates:write'],
        ['GET', `/gates/${String(gate['id'])}`, undefined, 'gates:read'],
        ['PATCH', `/gates/${String(gate['id'])}`, { name: 'n' }, 'gates:write'],
        ['DELETE', `/gates/${String(gate['id'])}`, undefined, 'gates:write'],
        ['POST', `/waivers/${String(evaluation['id'])}/approve`, {}, 'gates:approve'],
        ['GET', '/projects', undefined, 'projects:read'],
        ['GET', '/members', undefined, 'members:read'],
        ['GET', '', undefined, 'workspace:read'],
      ];
      for (const [method, path, body, permission] of refused) {
        const answer = await httpRequest(url(path), {
          method,
          headers: { ...bearer(ciKey), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        expectPermissionDenied(answer, permission);
      }
    });
  });
});
