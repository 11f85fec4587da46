import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { MoreThan } from 'typeorm';
import { SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { AccountAuditEvent } from './account-audit-event.entity';
import { AUDIT_CHAIN_GENESIS, AuditChainKey, chainHash } from './audit-chain';
import { AuditChainAnchor } from './audit-chain-anchor.entity';
import { AuditChainAnchors } from './audit-chain-anchors';
import { AuditEvent } from './audit-event.entity';

/** What a verification found: whether the chain holds, how many rows it read, and the first place it does not. */
export interface AuditChainVerification {
  valid: boolean;
  /** Rows read and recomputed, oldest kept first, up to the first break. */
  checked: number;
  /** The first sequence number that is missing, altered or out of place, or whose anchor does not hold. */
  firstBrokenAt?: number;
}

const BATCH = 1000;

/**
 * Verifies a chain in the open transaction: from its oldest kept row (older
 * ones go with retention), each row must follow the one before it (seq + 1,
 * prev_hash = its hash; the first row of a chain links to the genesis) and hash
 * to its own `hash`; then the chain's latest anchor must carry the platform's
 * signature and, unless retention has taken it, its row must still be there
 * with the hash that was signed.
 */
@Injectable()
export class AuditChainVerifier {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly anchors: AuditChainAnchors,
  ) {}

  /** A workspace's trail, in its tenant transaction. */
  verifyWorkspace(workspaceId: string): Promise<AuditChainVerification> {
    return this.verify({ kind: 'workspace', id: workspaceId });
  }

  /** An account's trail, in a restricted transaction naming the account. */
  verifyAccount(userId: string): Promise<AuditChainVerification> {
    return this.verify({ kind: 'account', id: userId });
  }

  private async verify(chain: AuditChainKey): Promise<AuditChainVerification> {
    const manager = this.txHost.tx;
    let checked = 0;
    let brokenAt: number | undefined;
    let oldest: number | undefined;
    let previous: { seq: number; hash: string } | undefined;
    rows: for (;;) {
      const batch = await this.rowsAfter(chain, previous?.seq ?? 0);
      for (const row of batch) {
        checked += 1;
        oldest ??= row.seq;
        if (previous && row.seq !== previous.seq + 1) {
          brokenAt = previous.seq + 1;
          break rows;
        }
        const expectedPrevious = previous ? previous.hash : row.seq === 1 ? AUDIT_CHAIN_GENESIS : row.prevHash;
        if (row.prevHash !== expectedPrevious || chainHash(chain, row) !== row.hash) {
          brokenAt = row.seq;
          break rows;
        }
        previous = { seq: row.seq, hash: row.hash };
      }
      if (batch.length < BATCH) break;
    }

    const anchor = await this.anchors.latest(manager, chain);
    if (anchor) {
      const anchorBrokenAt = await this.anchorBrokenAt(chain, anchor, oldest, previous?.seq ?? 0);
      if (anchorBrokenAt !== undefined) brokenAt = Math.min(brokenAt ?? anchorBrokenAt, anchorBrokenAt);
    }
    return brokenAt === undefined ? { valid: true, checked } : { valid: false, checked, firstBrokenAt: brokenAt };
  }

  /**
   * Where the anchor shows the chain broken: at its seq when its signature does
   * not hold or its row now has another hash; after the last intact row when
   * its row is gone from the end of the chain (rows deleted after it was signed).
   */
  private async anchorBrokenAt(
    chain: AuditChainKey,
    anchor: AuditChainAnchor,
    oldestKept: number | undefined,
    lastIntact: number,
  ): Promise<number | undefined> {
    if (!(await this.anchors.signatureHolds(anchor))) return anchor.seq;
    // Retention took the anchored row (newer rows remain): only the signature can be checked.
    if (oldestKept !== undefined && anchor.seq < oldestKept) return undefined;
    const [row] = await this.rowsAfter(chain, anchor.seq - 1, 1);
    if (!row || row.seq !== anchor.seq) return Math.min(lastIntact + 1, anchor.seq);
    return row.hash === anchor.hash ? undefined : anchor.seq;
  }

  private rowsAfter(chain: AuditChainKey, seq: number, take = BATCH): Promise<(AuditEvent | AccountAuditEvent)[]> {
    const manager = this.txHost.tx;
    return chain.kind === 'workspace'
      ? manager
          .getRepository(AuditEvent)
          .find({ where: { workspaceId: chain.id, seq: MoreThan(seq) }, order: { seq: 'ASC' }, take })
      : manager
          .getRepository(AccountAuditEvent)
          .find({ where: { userId: chain.id, seq: MoreThan(seq) }, order: { seq: 'ASC' }, take });
  }
}
