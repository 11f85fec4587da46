import type { TargetName } from './bench-targets';
import type { Pace } from './event-pipeline-result';
import type { PickupSample } from './pickup-stats';

/** What the producers of one run did. */
export interface ProducedEvents {
  /** Writes that committed an event (a 200 from the API, an insert that went through). */
  committed: number;
  /** Writes that did not, by what they got instead ("409", "ECONNRESET", …): any stops the run. */
  failed: ReadonlyMap<string, number>;
}

/** A time window of one run: every event it produced was written inside it. */
export interface RunWindow {
  from: Date;
  to: Date;
}

/**
 * One side of the event-pipeline scenario: producers writing events and a
 * consumer taking them, and what the database recorded of each event.
 */
export interface PipelineSide {
  name: TargetName;
  /** How it is named in the logs, e.g. "keel", "loop". */
  label: string;
  /** The process whose CPU is counted per event: Keel's worker, the loop's consumer. */
  consumerPid: number | undefined;
  /** Events of any run (or of the seeding) the consumer has not taken yet. */
  backlog(): Promise<number>;
  /** What is left and where it is stuck, for the message when the backlog does not clear. */
  describeBacklog(): Promise<string>;
  /** Before each run, once the backlog is clear: the producers in step with the database. */
  prepare(): Promise<void>;
  produce(count: number, pace: Pace): Promise<ProducedEvents>;
  /** Events written in the window that the consumer has not taken yet. */
  pending(window: RunWindow): Promise<number>;
  /** Every event written in the window, taken or not. */
  pickups(window: RunWindow): Promise<PickupSample[]>;
  /** Throws with the process output when a process of this side has exited. */
  assertAlive(): void;
  /** Stops what the side started; safe to call more than once. */
  stop(): Promise<void>;
}

/** Counts one failure under its description. */
export function countFailure(failed: Map<string, number>, description: string): void {
  failed.set(description, (failed.get(description) ?? 0) + 1);
}

/** "3 × 409, 1 × ECONNRESET". */
export function describeFailures(failed: ReadonlyMap<string, number>): string {
  return [...failed].map(([description, count]) => `${count} × ${description}`).join(', ');
}
