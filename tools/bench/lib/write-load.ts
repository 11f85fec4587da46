import type { BenchRequest } from './bench-request';

/**
 * A load of writes whose every request must name what the last answer to it
 * said (a version), so the requests are made as the answers come: each
 * connection writes to objects no other connection holds at the time, and
 * only a 200 moves an object on.
 */
export interface WriteLoad {
  /** What the connections send: DynamicBenchRequests, filled in before each send. */
  requests: BenchRequest[];
  /** How many objects the writes go to (at least one per connection). */
  distinctTargets: number;
  /**
   * Before each load: the state of every object read again from the database,
   * as a load cut off at the end of its time leaves writes unanswered; and
   * the count of refusals started afresh.
   */
  sync(databaseUrl: string): Promise<void>;
  /** Answers other than 200 since the last sync, by status: any is a bench bug (the figures would count refusals). */
  refusals(): ReadonlyMap<number, number>;
  /**
   * Before anything is timed: the same writes through Keel and through the
   * baseline must answer alike and store alike.
   */
  assertSameWrites(keelUrl: string, baselineUrl: string, databaseUrl: string): Promise<void>;
}
