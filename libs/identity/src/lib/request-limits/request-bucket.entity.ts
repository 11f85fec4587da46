import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One token bucket of the request rate limits when they are kept in
 * PostgreSQL (RATE_LIMIT_STORE=postgres). The key is a SHA-256 of what is
 * limited (`user:<id>`, `address:<ip>`, …) and the window, so no address is
 * stored in clear. A row whose bucket is full again (`full_at` past) says
 * nothing a missing row would not, and goes with housekeeping.
 */
@Entity({ name: 'request_buckets' })
@Index('request_buckets_full_at_idx', ['fullAt'])
export class RequestBucket {
  @PrimaryColumn('text')
  keyHash: string;

  /** Tokens left after the last request (fractional: refilled continuously). */
  @Column('double precision')
  tokens: number;

  /** Whether the last request was let through. */
  @Column('boolean')
  allowed: boolean;

  @Column('timestamptz')
  updatedAt: Date;

  @Column('timestamptz')
  fullAt: Date;
}
