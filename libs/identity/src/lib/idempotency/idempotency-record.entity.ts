import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One Idempotency-Key of one caller: the fingerprint of the request that first
 * used it, the lease of the attempt running it, and the sealed response once
 * it succeeded. Purged by housekeeping once expired (24 h after first use).
 */
@Entity({ name: 'idempotency_keys' })
@Index('idempotency_keys_expires_at_idx', ['expiresAt'])
export class IdempotencyRecord {
  /** `user:<id>` or `api-key:<id>`: keys are per caller, so callers never see each other's responses. */
  @PrimaryColumn('text')
  principal: string;

  @PrimaryColumn('text')
  key: string;

  /** SHA-256 of the method, path and body of the first request, sealed under the master key (a body may hold a password). */
  @Column('text')
  requestSealed: string;

  /** Names the attempt holding the key, so a late attempt cannot complete or release a key another took over. */
  @Column('uuid')
  leaseId: string;

  /** Until then, a running attempt holds the key; after it, a retry may take over an attempt that died. */
  @Column('timestamptz')
  lockedUntil: Date;

  /** The response body of the successful attempt, sealed under the master key; null while none succeeded. */
  @Column('text', { nullable: true })
  responseSealed: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz')
  expiresAt: Date;
}
