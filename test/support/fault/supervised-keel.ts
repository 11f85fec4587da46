import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KeelProcess, startKeelProcess } from '@keel/platform-testing';
import { sleep } from './random';

/** A process that ended without the suite asking it to: a crash, to be reported. */
export interface UnexpectedExit {
  role: string;
  generation: number;
  exit: number | NodeJS.Signals | null;
  /** When, on the suite's clock (seconds). */
  atSeconds: number;
  /** Where its whole output was written. */
  log: string;
  /** Its last lines, for the failure message. */
  tail: string;
}

export interface SupervisedKeelOptions {
  /** The process's name (`api-a`, `worker-b`…): names the log files. */
  role: string;
  /** Built entry, relative to the workspace root. */
  entry: string;
  env: Record<string, string>;
  /** Every incarnation's output is written here as `<role>-<generation>.log`. */
  logDir: string;
  /** The suite's clock, in seconds. */
  clock: () => number;
}

/**
 * One Keel process (an API or a worker) as a real process that the suite can
 * SIGKILL and start again. An exit the suite did not ask for is recorded as
 * an unexpected exit and the process is started again (once PostgreSQL lets
 * it), so that one crash does not hide what the rest of the run would show.
 */
export class SupervisedKeel {
  private current: KeelProcess | undefined;
  private generation = 0;
  private intentional = new WeakSet<KeelProcess>();
  private closing = false;
  private restarting: Promise<void> | undefined;
  readonly unexpectedExits: UnexpectedExit[] = [];
  /** Start-ups that failed (the process exited before it answered /health/live), with the reason. */
  readonly failedStarts: string[] = [];
  kills = 0;

  constructor(private readonly options: SupervisedKeelOptions) {}

  /** The process's name in the suite's log: `api-a`, `worker-b`… */
  get name(): string {
    return this.options.role;
  }

  get url(): string {
    if (!this.current) throw new Error(`the ${this.options.role} is not running`);
    return this.current.url;
  }

  get running(): boolean {
    return this.current !== undefined;
  }

  /** Starts the process and waits until it answers /health/live; retries a start-up that fails, within `timeoutMs`. */
  async start(timeoutMs = 180_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.closing) throw new Error(`the ${this.options.role} is closing; not starting it again`);
      this.generation += 1;
      const generation = this.generation;
      try {
        // A loaded machine can take long to start a NestJS app; a start-up cut short only starts over.
        const process = await startKeelProcess({
          entry: this.options.entry,
          env: this.options.env,
          startTimeoutMs: Math.max(1_000, deadline - Date.now()),
        });
        this.current = process;
        void process.exited.then((exit) => this.onExit(process, generation, exit));
        return;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.failedStarts.push(reason.slice(0, 2_000));
        await writeFile(this.logPath(generation), reason).catch(() => undefined);
        if (Date.now() > deadline || this.closing) throw error;
        await sleep(1_000);
      }
    }
  }

  /** kill -9, and waits until it is gone. */
  async kill(): Promise<void> {
    const process = this.current;
    if (!process) throw new Error(`the ${this.options.role} is not running`);
    this.intentional.add(process);
    this.current = undefined;
    this.kills += 1;
    process.child.kill('SIGKILL');
    await process.exited;
  }

  /** Waits for a restart after an unexpected exit, if one is under way. */
  async settled(): Promise<void> {
    await this.restarting;
  }

  /** SIGTERM at the end of the suite (SIGKILL after 15 s), and writes the last log. */
  async close(): Promise<void> {
    this.closing = true;
    await this.restarting?.catch(() => undefined);
    const process = this.current;
    this.current = undefined;
    if (!process) return;
    this.intentional.add(process);
    const killer = setTimeout(() => process.child.kill('SIGKILL'), 15_000);
    await process.stop('SIGTERM');
    clearTimeout(killer);
  }

  private logPath(generation: number): string {
    return join(this.options.logDir, `${this.options.role}-${generation}.log`);
  }

  private async onExit(process: KeelProcess, generation: number, exit: number | NodeJS.Signals | null): Promise<void> {
    const log = this.logPath(generation);
    await writeFile(log, process.output()).catch(() => undefined);
    if (this.intentional.has(process)) return;
    this.unexpectedExits.push({
      role: this.options.role,
      generation,
      exit,
      atSeconds: Math.round(this.options.clock() * 10) / 10,
      log,
      tail: process.output().split('\n').slice(-30).join('\n'),
    });
    if (this.current === process) this.current = undefined;
    if (this.closing) return;
    this.restarting = this.start(180_000)
      .catch(() => undefined)
      .finally(() => (this.restarting = undefined));
  }
}
