import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CompactSign, compactVerify } from 'jose';
import { DataSource, EntityManager } from 'typeorm';
import { runAsPlatformOwner } from '@keel/platform-database';
import { SigningKeys } from '../access-tokens/signing-keys.service';
import { AuditChainKey, chainName } from './audit-chain';
import { AuditChainAnchor } from './audit-chain-anchor.entity';

/** The JWS `typ` of an anchor, so an access token can never pass for one (nor one for a token). */
export const AUDIT_ANCHOR_JWS_TYPE = 'keel-audit-anchor+jws';

/** What an anchor's JWS says: row `seq` of `chain` had `hash` at `signedAt`. */
export interface AnchorStatement {
  chain: string;
  seq: number;
  hash: string;
  signedAt: string;
}

interface ChainHead {
  chain_id: string;
  seq: string;
  hash: string;
}

/**
 * Anchors: the head of every audit chain that moved since its last anchor,
 * signed with the current access-token signing key (Ed25519, a compact JWS)
 * and stored in `audit_chain_anchors`; and the check of an anchor's signature.
 */
@Injectable()
export class AuditChainAnchors {
  private readonly logger = new Logger(AuditChainAnchors.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: SigningKeys,
  ) {}

  /** Signs the head of each chain (both trails) not anchored at its current seq; how many anchors were stored. */
  async anchorHeads(): Promise<number> {
    return runAsPlatformOwner(this.dataSource, async (manager) => {
      let anchored = 0;
      for (const [kind, table, column] of [
        ['workspace', 'audit_events', 'workspace_id'],
        ['account', 'account_audit_events', 'user_id'],
      ] as const) {
        const heads: ChainHead[] = await manager.query(
          `SELECT h.chain_id, h.seq, h.hash
             FROM (SELECT DISTINCT ON (${column}) ${column} AS chain_id, seq, hash
                     FROM ${table} ORDER BY ${column}, seq DESC) h
            WHERE NOT EXISTS (SELECT 1 FROM audit_chain_anchors a
                               WHERE a.chain_kind = $1 AND a.chain_id = h.chain_id AND a.seq = h.seq)`,
          [kind],
        );
        for (const head of heads) {
          await this.store(manager, { kind, id: head.chain_id }, Number(head.seq), head.hash);
          anchored += 1;
        }
      }
      if (anchored > 0) this.logger.log({ anchored, msg: 'anchored audit chain heads' });
      return anchored;
    });
  }

  /** The newest anchor of `chain`, if any; in the caller's transaction. */
  latest(manager: EntityManager, chain: AuditChainKey): Promise<AuditChainAnchor | null> {
    return manager
      .getRepository(AuditChainAnchor)
      .findOne({ where: { chainKind: chain.kind, chainId: chain.id }, order: { seq: 'DESC' } });
  }

  /** Whether `anchor`'s signature is the platform's (any of its signing keys, retired ones too) over exactly its chain, seq and hash. */
  async signatureHolds(anchor: AuditChainAnchor): Promise<boolean> {
    const key = await this.keys.publicKeyOf(anchor.keyId);
    if (!key) return false;
    try {
      const { payload, protectedHeader } = await compactVerify(anchor.signature, key, { algorithms: ['EdDSA'] });
      const statement = JSON.parse(new TextDecoder().decode(payload)) as Partial<AnchorStatement>;
      return (
        protectedHeader.kid === anchor.keyId &&
        protectedHeader.typ === AUDIT_ANCHOR_JWS_TYPE &&
        statement.chain === chainName({ kind: anchor.chainKind, id: anchor.chainId }) &&
        statement.seq === anchor.seq &&
        statement.hash === anchor.hash
      );
    } catch {
      return false;
    }
  }

  private async store(manager: EntityManager, chain: AuditChainKey, seq: number, hash: string): Promise<void> {
    const { kid, privateKey } = await this.keys.currentSigningKey();
    const signedAt = new Date();
    const statement: AnchorStatement = { chain: chainName(chain), seq, hash, signedAt: signedAt.toISOString() };
    const signature = await new CompactSign(new TextEncoder().encode(JSON.stringify(statement)))
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: AUDIT_ANCHOR_JWS_TYPE })
      .sign(privateKey);
    await manager.getRepository(AuditChainAnchor).insert({
      chainKind: chain.kind,
      chainId: chain.id,
      seq,
      hash,
      signature,
      keyId: kid,
      signedAt,
    });
  }
}
