import { parseApproval } from './approval';
import { parseAttestation } from './attestation';
import { parseBench } from './bench';
import { parseCoverage } from './coverage';
import { parseCustom } from './custom';
import { EvidenceUnparseable } from './evidence-unparseable';
import { parseJunit } from './junit';
import { parseLoadTest } from './load-test';
import { parseSarif } from './sarif';

export { EvidenceUnparseable } from './evidence-unparseable';

export type EvidenceType =
  'junit' | 'coverage' | 'sarif' | 'bench' | 'load-test' | 'approval' | 'attestation' | 'custom';

export const EVIDENCE_TYPES: readonly EvidenceType[] = Object.freeze([
  'junit',
  'coverage',
  'sarif',
  'bench',
  'load-test',
  'approval',
  'attestation',
  'custom',
]);

const PARSERS: Record<EvidenceType, (bytes: Buffer) => object> = {
  junit: parseJunit,
  coverage: parseCoverage,
  sarif: parseSarif,
  bench: parseBench,
  'load-test': parseLoadTest,
  approval: parseApproval,
  attestation: parseAttestation,
  custom: parseCustom,
};

/**
 * The facts a gate's criteria read from one piece of evidence.
 * `bytes`: the uploaded file, or Buffer.from(JSON.stringify(data)) for the
 * JSON form. Pure: no I/O, same bytes → same facts. Throws
 * EvidenceUnparseable (reason, and line where known) for anything that does
 * not parse as `type`; any other error is a bug.
 */
export function parseEvidence(type: EvidenceType, bytes: Buffer): { facts: Record<string, unknown> } {
  const parse = Object.hasOwn(PARSERS, type) ? PARSERS[type] : undefined;
  if (!parse) throw new EvidenceUnparseable(`unknown evidence type: expected one of ${EVIDENCE_TYPES.join(', ')}`);
  if (bytes.length === 0) throw new EvidenceUnparseable('the file is empty');
  try {
    return { facts: parse(bytes) as Record<string, unknown> };
  } catch (error) {
    // JSON.parse or the XML parser running out of stack on a hostile document is still a bad file, not a 500.
    if (error instanceof RangeError) throw new EvidenceUnparseable('the document nests too deeply to read');
    throw error;
  }
}
