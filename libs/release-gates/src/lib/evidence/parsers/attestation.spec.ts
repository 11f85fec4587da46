import { parseAttestation } from './attestation';
import { fixture, jsonBytes } from './fixtures/fixture';
import { unparseable } from './fixtures/unparseable';

const DIGEST_A = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const DIGEST_B = '60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752';

function statement(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'keel.tgz', digest: { sha256: DIGEST_A } }],
    predicateType: 'https://slsa.dev/verification_summary/v1',
    predicate: {
      verifier: { id: 'https://keel.example/gates' },
      verificationResult: 'PASSED',
      verifiedLevels: ['SLSA_BUILD_LEVEL_3'],
    },
    ...overrides,
  };
}

describe('parseAttestation', () => {
  it("should read a SLSA provenance statement's subjects and predicate", () => {
    const facts = parseAttestation(fixture('slsa-provenance.intoto.json'));
    expect(facts.predicateType).toBe('https://slsa.dev/provenance/v1');
    // Lowercased; a subject identified only by git commit is not an artifact digest.
    expect(facts.subjectDigests).toEqual([`sha256:${DIGEST_A}`, `sha256:${DIGEST_B}`]);
    expect(facts.predicate).toMatchObject({
      buildDefinition: { buildType: 'https://actions.github.io/buildtypes/workflow/v1' },
      runDetails: { builder: { id: 'https://github.com/actions/runner/github-hosted' } },
    });
  });

  it("should keep a verification summary's scalar fields, leaving arrays out", () => {
    expect(parseAttestation(jsonBytes(statement()))).toEqual({
      predicateType: 'https://slsa.dev/verification_summary/v1',
      subjectDigests: [`sha256:${DIGEST_A}`],
      predicate: { verifier: { id: 'https://keel.example/gates' }, verificationResult: 'PASSED' },
    });
  });

  it('should accept a v0.1 statement without a predicate', () => {
    const facts = parseAttestation(
      jsonBytes(statement({ _type: 'https://in-toto.io/Statement/v0.1', predicate: undefined })),
    );
    expect(facts).toEqual({
      predicateType: 'https://slsa.dev/verification_summary/v1',
      subjectDigests: [`sha256:${DIGEST_A}`],
    });
  });

  it('should read the statement inside a DSSE envelope and a Sigstore bundle', () => {
    const envelope = {
      payloadType: 'application/vnd.in-toto+json',
      payload: Buffer.from(JSON.stringify(statement())).toString('base64'),
      signatures: [{ keyid: '', sig: 'MEUCIQ…' }],
    };
    expect(parseAttestation(jsonBytes(envelope)).subjectDigests).toEqual([`sha256:${DIGEST_A}`]);
    const bundle = {
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      verificationMaterial: { tlogEntries: [] },
      dsseEnvelope: envelope,
    };
    expect(parseAttestation(jsonBytes(bundle)).predicateType).toBe('https://slsa.dev/verification_summary/v1');
    const garbage = {
      payloadType: 'application/vnd.in-toto+json',
      payload: Buffer.from('{"_type":').toString('base64'),
    };
    expect(unparseable(parseAttestation, jsonBytes(garbage)).reason).toMatch(
      /^the DSSE envelope's payload: not valid JSON/,
    );
  });

  it('should refuse what is not an in-toto statement about a sha256 artifact', () => {
    expect(
      unparseable(parseAttestation, jsonBytes(statement({ _type: 'https://example.com/Statement' }))).reason,
    ).toMatch(/_type/);
    expect(unparseable(parseAttestation, jsonBytes(statement({ subject: [] }))).reason).toMatch(/"subject"/);
    const shortDigest = statement({ subject: [{ digest: { sha256: 'abc123' } }] });
    expect(unparseable(parseAttestation, jsonBytes(shortDigest)).reason).toBe(
      'subject[0].digest.sha256 must be 64 hexadecimal digits',
    );
    const sha512Only = statement({ subject: [{ digest: { sha512: 'ab' } }] });
    expect(unparseable(parseAttestation, jsonBytes(sha512Only)).reason).toMatch(/no subject has a sha256 digest/);
    expect(unparseable(parseAttestation, jsonBytes(statement({ predicateType: '' }))).reason).toMatch(/predicateType/);
  });
});
