import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './bigint-number';

/**
 * The platform's signed statement that a chain's row `seq` had `hash`: the
 * head of a workspace's or an account's audit chain, signed with the current
 * access-token signing key (Ed25519) by the anchoring job. Global: it holds
 * no workspace's data, only hashes, and keel_app may read it, never change it.
 */
@Entity({ name: 'audit_chain_anchors' })
@Check('audit_chain_anchors_chain_kind_check', "chain_kind IN ('workspace', 'account')")
export class AuditChainAnchor {
  @PrimaryColumn('text')
  chainKind: 'workspace' | 'account';

  /** The workspace or the account. */
  @PrimaryColumn('uuid')
  chainId: string;

  @PrimaryColumn('bigint', { transformer: bigintNumber })
  seq: number;

  /** The hash of row `seq` when it was signed. */
  @Column('text')
  hash: string;

  /** A compact JWS (EdDSA) whose payload is `{chain, seq, hash, signedAt}` (audit-chain-anchors.ts). */
  @Column('text')
  signature: string;

  /** The signing key's id (its JWK thumbprint, the `kid` of the JWS and of /.well-known/jwks.json). */
  @Column('text')
  keyId: string;

  @Column('timestamptz')
  signedAt: Date;
}
