import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One abuse limit's count in its current window. The key is a SHA-256 of
 * what is counted (`signup:address:<ip>`, `mail:<email>`, …) and the window
 * length, so no address that was merely tried is stored in clear. Rows go
 * with housekeeping once their window has ended.
 */
@Entity({ name: 'rate_limit_counters' })
@Index('rate_limit_counters_window_ends_at_idx', ['windowEndsAt'])
export class RateLimitCounter {
  @PrimaryColumn('text')
  keyHash: string;

  @Column('integer')
  hits: number;

  @Column('timestamptz')
  windowEndsAt: Date;
}
