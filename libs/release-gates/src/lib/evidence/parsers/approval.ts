import { EvidenceUnparseable } from './evidence-unparseable';
import { readJsonObject } from './read-json';

export interface ApprovalFacts {
  approver: string;
  role: string;
  statement: string;
  /** Always true: an approval on file is a yes. A refusal is simply not uploaded. */
  approved: true;
}

const MAX_LENGTH = { approver: 200, role: 200, statement: 5_000 } as const;

/** `{approver, role, statement}`, each a non-empty string (trimmed); other fields are ignored. */
export function parseApproval(bytes: Buffer): ApprovalFacts {
  const approval = readJsonObject(bytes, 'An approval');
  const field = (name: keyof typeof MAX_LENGTH): string => {
    const value = approval[name];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new EvidenceUnparseable(`an approval needs "${name}", a non-empty string`);
    }
    if (value.length > MAX_LENGTH[name]) {
      throw new EvidenceUnparseable(`an approval's "${name}" is longer than ${MAX_LENGTH[name]} characters`);
    }
    return value.trim();
  };
  return { approver: field('approver'), role: field('role'), statement: field('statement'), approved: true };
}
