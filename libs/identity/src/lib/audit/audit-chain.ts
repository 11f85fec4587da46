import { createHash } from 'node:crypto';

/** The previous hash of the first row of a chain: no row came before it. */
export const AUDIT_CHAIN_GENESIS = '0'.repeat(64);

/** Names the canonical form, so that a later form can be told apart from this one. */
export const AUDIT_CHAIN_FORM = 'keel-audit-v1';

/** A chain: the workspace trail of one workspace, or the account trail of one account. */
export interface AuditChainKey {
  kind: 'workspace' | 'account';
  id: string;
}

/** The name a chain goes by in the canonical form and in anchors: `workspace:<id>` or `account:<id>`. */
export function chainName(chain: AuditChainKey): string {
  return `${chain.kind}:${chain.id}`;
}

/** The fields of an audit row the hash covers (both trails), and the link to the row before it. */
export interface ChainedAuditRow {
  seq: number;
  id: string;
  action: string;
  actorType: string | null;
  actorId: string | null;
  targetType: string | null;
  targetId: string | null;
  data: Record<string, unknown>;
  clientAddress: string | null;
  userAgent: string | null;
  requestId: string | null;
  occurredAt: Date;
  prevHash: string;
}

/**
 * The canonical form of a row: a JSON array, in this order, of the form's
 * name, the chain's name, the sequence number, the row's fields and the
 * previous row's hash, serialised as RFC 8785 (JCS) does: no whitespace, the
 * keys of every object sorted by UTF-16 code units, numbers as ECMAScript
 * writes them; the time as ISO-8601 UTC with milliseconds (what the row
 * stores). Written out here and in docs/security.md so anyone can recompute a hash.
 */
export function canonicalForm(chain: AuditChainKey, row: ChainedAuditRow): string {
  return canonicalJson([
    AUDIT_CHAIN_FORM,
    chainName(chain),
    row.seq,
    row.id,
    row.action,
    row.actorType,
    row.actorId,
    row.targetType,
    row.targetId,
    row.data,
    row.clientAddress,
    row.userAgent,
    row.requestId,
    row.occurredAt.toISOString(),
    row.prevHash,
  ]);
}

/** SHA-256 of the canonical form, lower-case hex: the row's `hash`, and the next row's `prev_hash`. */
export function chainHash(chain: AuditChainKey, row: ChainedAuditRow): string {
  return createHash('sha256').update(canonicalForm(chain, row), 'utf8').digest('hex');
}

/** JSON of a value read from JSON (jsonb), with the keys of every object sorted: the same data always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const members = Object.keys(object)
      .filter((key) => object[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Advisory lock classes (the first key of pg_advisory_xact_lock(int, int)): one per kind of chain. */
export const AUDIT_CHAIN_LOCK_CLASS: Readonly<Record<AuditChainKey['kind'], number>> = {
  workspace: 72_631_001,
  account: 72_631_002,
};
