import { EvidenceUnparseable } from './evidence-unparseable';
import { isJsonObject, JsonObject, readJson, readJsonObject } from './read-json';

const STATEMENT_TYPES = new Set(['https://in-toto.io/Statement/v1', 'https://in-toto.io/Statement/v0.1']);
const IN_TOTO_PAYLOAD = 'application/vnd.in-toto+json';
const SHA256 = /^[0-9a-f]{64}$/;
/** How deep the predicate's copy in the facts goes: enough for SLSA's verificationResult or buildDefinition.buildType. */
const PREDICATE_DEPTH = 4;
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface AttestationFacts {
  predicateType: string;
  /** Each subject's sha256 as "sha256:<64 lowercase hex>", in the statement's order: the release checks one is its own. */
  subjectDigests: string[];
  /**
   * The predicate's strings, numbers and booleans, in objects nested up to 4
   * levels (arrays left out), e.g. predicate.verificationResult of a SLSA
   * verification summary. Absent when the statement has no predicate.
   */
  predicate?: JsonObject;
}

/**
 * An in-toto Statement (v1 or v0.1): plain, in a DSSE envelope
 * (payloadType application/vnd.in-toto+json, base64 payload), or in a
 * Sigstore bundle's dsseEnvelope as `gh attestation` and actions/attest
 * write it. The envelope's signatures are not checked here: the facts say
 * what the statement claims.
 */
export function parseAttestation(bytes: Buffer): AttestationFacts {
  const statement = unwrap(readJsonObject(bytes, 'An attestation'));
  if (typeof statement['_type'] !== 'string' || !STATEMENT_TYPES.has(statement['_type'])) {
    throw new EvidenceUnparseable(
      'not an in-toto Statement: "_type" must be https://in-toto.io/Statement/v1 (or v0.1)',
    );
  }
  const predicateType = statement['predicateType'];
  if (typeof predicateType !== 'string' || predicateType.trim() === '') {
    throw new EvidenceUnparseable('an in-toto Statement needs "predicateType", a non-empty string');
  }
  const subjects = statement['subject'];
  if (!Array.isArray(subjects) || subjects.length === 0) {
    throw new EvidenceUnparseable('an in-toto Statement needs "subject", a non-empty array');
  }
  const subjectDigests = subjects.flatMap((subject: unknown, index) => {
    const digest = isJsonObject(subject) && isJsonObject(subject['digest']) ? subject['digest'] : undefined;
    if (!digest) throw new EvidenceUnparseable(`subject[${index}] needs a "digest" object`);
    const sha256 = digest['sha256'];
    if (sha256 === undefined) return [];
    if (typeof sha256 !== 'string' || !SHA256.test(sha256.toLowerCase())) {
      throw new EvidenceUnparseable(`subject[${index}].digest.sha256 must be 64 hexadecimal digits`);
    }
    return [`sha256:${sha256.toLowerCase()}`];
  });
  if (subjectDigests.length === 0) {
    throw new EvidenceUnparseable('no subject has a sha256 digest: artifacts are identified by sha256');
  }
  const predicate = statement['predicate'];
  if (predicate !== undefined && !isJsonObject(predicate)) {
    throw new EvidenceUnparseable('"predicate" must be an object');
  }
  return { predicateType, subjectDigests, ...(predicate ? { predicate: scalars(predicate, 1) } : {}) };
}

/** The statement inside a DSSE envelope or a Sigstore bundle, or the document itself. */
function unwrap(document: JsonObject): JsonObject {
  const envelope = isJsonObject(document['dsseEnvelope']) ? document['dsseEnvelope'] : document;
  if (envelope['payloadType'] === undefined) return document;
  if (envelope['payloadType'] !== IN_TOTO_PAYLOAD || typeof envelope['payload'] !== 'string') {
    throw new EvidenceUnparseable(`a DSSE envelope's payloadType must be ${IN_TOTO_PAYLOAD}, with a base64 payload`);
  }
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(envelope['payload'])) {
    throw new EvidenceUnparseable("the DSSE envelope's payload is not base64");
  }
  const payload = Buffer.from(envelope['payload'], 'base64');
  let statement: unknown;
  try {
    statement = readJson(payload);
  } catch (error) {
    const reason = error instanceof EvidenceUnparseable ? error.reason : 'not valid JSON';
    throw new EvidenceUnparseable(`the DSSE envelope's payload: ${reason}`);
  }
  if (!isJsonObject(statement)) throw new EvidenceUnparseable("the DSSE envelope's payload is not a JSON object");
  return statement;
}

function scalars(object: JsonObject, depth: number): JsonObject {
  const copy: [string, unknown][] = [];
  for (const [key, value] of Object.entries(object)) {
    if (UNSAFE_KEYS.has(key)) continue;
    if (
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value))
    ) {
      copy.push([key, value]);
    } else if (isJsonObject(value) && depth < PREDICATE_DEPTH) {
      copy.push([key, scalars(value, depth + 1)]);
    }
  }
  return Object.fromEntries(copy);
}
