import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { DATABASE_APP_ROLE, DATABASE_OWNER_ROLE, PgNotifications } from '@keel/platform-database';
import { QUEUE_OPTIONS, QueueOptions } from './queue-options';
import { ScheduledJob } from './scheduled-job';

/** PostgreSQL's admin_shutdown, crash_shutdown and cannot_connect_now: the server closed or refused the connection. */
const DATABASE_SHUTDOWN_SQLSTATES = new Set(['57P01', '57P02', '57P03']);

/** The channel a transaction NOTIFYs (with a queue name) to wake that queue's workers in every process. */
export const QUEUE_WAKE_UP_CHANNEL = 'keel_queue';

/** Inside the transaction that sends jobs: wakes the queue's workers when it commits, not a poll later. */
export const QUEUE_WAKE_UP_SQL = `SELECT pg_notify('${QUEUE_WAKE_UP_CHANNEL}', $1)`;

/**
 * pg-boss on Keel's database, in its own schema. Modules register their
 * scheduled jobs during init; the queue starts once the application has
 * bootstrapped and stops, letting running handlers finish, on shutdown.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  private readonly boss: PgBoss;
  private readonly scheduled: ScheduledJob[] = [];
  private state: 'created' | 'running' | 'stopping' | 'stopped' = 'created';
  private markStarted: () => void = () => undefined;
  /** Resolves once pg-boss has started: modules that send or work at bootstrap wait for it. */
  readonly started = new Promise<void>((resolve) => (this.markStarted = resolve));
  /** The worker ids of each queue in this process, for wake-ups. */
  private readonly workerIds = new Map<string, string[]>();
  /** The last declareQueue, which the next one waits for. */
  private declaring: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(QUEUE_OPTIONS) private readonly options: QueueOptions,
    private readonly notifications: PgNotifications,
  ) {
    this.boss = new PgBoss({
      connectionString: options.url,
      schema: options.schema,
      application_name: 'keel-queue',
      max: 4,
      supervise: options.runWorkers,
      schedule: options.runWorkers,
      // Expired jobs (a worker that died holding one) are found within this many seconds.
      maintenanceIntervalSeconds: 15,
    });
    // pg-boss hands over driver errors with the whole client attached; the message and code say enough.
    this.boss.on('error', (error: Error & { code?: string }) => {
      const err = { type: error.name, message: error.message, code: error.code };
      if (error.code !== undefined && DATABASE_SHUTDOWN_SQLSTATES.has(error.code)) {
        // The database closed the connection (a restart, or — on Ctrl-C, which reaches an embedded PostgreSQL
        // too — its own stop beside ours): pg-boss reconnects, or we are stopping anyway. Not an error of ours.
        if (this.state === 'running') this.logger.warn({ err, msg: 'queue connection closed by the database' });
        else this.logger.log({ err, msg: 'queue connection closed by the database while stopping' });
        return;
      }
      this.logger.error({ err, msg: 'queue error' });
    });
    this.boss.on('stopped', () => (this.state = 'stopped'));
  }

  registerSchedule(job: ScheduledJob): void {
    this.scheduled.push(job);
  }

  /** Whether this process consumes jobs (the worker and `all` roles) or only sends them (`api`). */
  get runsWorkers(): boolean {
    return this.options.runWorkers;
  }

  get running(): boolean {
    return this.state === 'running';
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.boss.start();
    await this.letTenantTransactionsSend();
    this.state = 'running';
    this.markStarted();
    if (!this.options.runWorkers) return;
    await this.notifications.listen(QUEUE_WAKE_UP_CHANNEL, (queue) => this.wakeUp(queue));
    for (const job of this.scheduled) {
      await this.declareQueue(job.name, { policy: 'singleton', retryLimit: 2 });
      await this.boss.schedule(job.name, job.cron, {}, { tz: 'UTC' });
      await this.boss.work(job.name, async () => {
        await job.run();
      });
    }
  }

  /**
   * Makes `queue` exist with these settings, once the queue has started:
   * pg-boss creates a queue only once, so a queue that exists already is
   * updated, and a changed retry limit or expiry applies from this start on.
   * Modules declare each queue before they send to it or work it.
   */
  async declareQueue(queue: string, settings: Omit<PgBoss.Queue, 'name'>): Promise<void> {
    await this.started;
    // The policy is passed to both: an update without one would reset it to pg-boss's `standard`.
    const options: PgBoss.Queue = { policy: 'standard', ...settings, name: queue };
    // One at a time: two of pg-boss's create_queue at once (two providers of one module declaring at
    // bootstrap, which Nest runs together) deadlock on the queue table's foreign keys.
    const declared = this.declaring.then(async () => {
      await this.boss.createQueue(queue, options);
      await this.boss.updateQueue(queue, options);
    });
    this.declaring = declared.catch(() => undefined);
    await declared;
  }

  /**
   * Starts a worker on `queue` in this process, remembered so that a
   * QUEUE_WAKE_UP_SQL naming the queue makes it fetch at once.
   */
  async work<T>(queue: string, options: PgBoss.WorkOptions, handler: PgBoss.WorkHandler<T>): Promise<void> {
    const batchSize = options.batchSize ?? 1;
    const worker: { id?: string } = {};
    worker.id = await this.boss.work<T>(queue, options, async (jobs) => {
      const result = await handler(jobs);
      // pg-boss waits a whole polling interval after every fetch, even a full one: with a backlog, fetch again at once.
      if (jobs.length >= batchSize && worker.id) this.boss.notifyWorker(worker.id);
      return result;
    });
    this.workerIds.set(queue, [...(this.workerIds.get(queue) ?? []), worker.id]);
  }

  /**
   * Like `work`, one job at a time of each fetched batch, all at once: a job
   * whose handler throws fails alone (pg-boss retries or dead-letters it) and
   * the others complete. If failing it fails too (the database is away), the
   * job stays active and pg-boss's expiry retries it. Jobs come with their
   * metadata (retry count and limit), as the handler's type says.
   */
  async workEach<T>(
    queue: string,
    options: PgBoss.WorkOptions,
    handler: (job: PgBoss.JobWithMetadata<T>) => Promise<void>,
  ): Promise<void> {
    await this.work<T>(queue, { ...options, includeMetadata: true }, async (jobs) => {
      await Promise.all(
        (jobs as PgBoss.JobWithMetadata<T>[]).map(async (job) => {
          try {
            await handler(job);
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            await this.boss.fail(job.name, job.id, { message }).catch((failure: Error) =>
              this.logger.warn({
                queue,
                jobId: job.id,
                err: { message: failure.message },
                msg: 'could not fail job',
              }),
            );
          }
        }),
      );
    });
  }

  /** Makes this process's workers of `queue` fetch now instead of at their next poll. */
  wakeUp(queue: string): void {
    for (const id of this.workerIds.get(queue) ?? []) this.boss.notifyWorker(id);
  }

  /**
   * Sends a job inside the caller's open transaction (a tenant transaction
   * included): the job exists if and only if the transaction commits, and
   * the queue's workers wake when it does. Null when a job with this `id`
   * exists already.
   */
  async sendInTransaction(
    manager: EntityManager,
    queue: string,
    data: object,
    options: PgBoss.SendOptions = {},
  ): Promise<string | null> {
    const id = await this.boss.send(queue, data, { ...options, db: transactionDb(manager) });
    await manager.query(QUEUE_WAKE_UP_SQL, [queue]);
    return id;
  }

  /**
   * Many jobs in one statement, inside the caller's open transaction, and one
   * wake-up per queue: for a batch (the outbox relay's). Jobs whose `id`
   * exists already are skipped.
   */
  async sendManyInTransaction(manager: EntityManager, jobs: PgBoss.JobInsert[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.boss.insert(jobs, { db: transactionDb(manager) });
    for (const queue of new Set(jobs.map((job) => job.name))) await manager.query(QUEUE_WAKE_UP_SQL, [queue]);
  }

  /**
   * Tenant transactions run as the application role, and cross-workspace
   * work (the outbox relay) as the owner role; to send jobs in them, both may
   * insert into pg-boss's job table and read its queue settings, and nothing
   * more (not other jobs' data).
   */
  private async letTenantTransactionsSend(): Promise<void> {
    const schema = this.options.schema;
    const roles = `${DATABASE_APP_ROLE}, ${DATABASE_OWNER_ROLE}`;
    const grant = () =>
      this.boss.getDb().executeSql(
        `DO $$ BEGIN
          IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${DATABASE_APP_ROLE}') THEN
            GRANT USAGE ON SCHEMA ${schema} TO ${roles};
            GRANT SELECT ON ${schema}.queue TO ${roles};
            GRANT INSERT, SELECT (id) ON ${schema}.job TO ${roles};
          END IF;
        END $$;`,
        [],
      );
    // Processes starting together may grant at the same instant ("tuple concurrently updated"): once more is enough.
    await grant().catch(() => grant());
  }

  /** Runs a scheduled job now, out of band: for operators and tests. */
  async trigger(name: string): Promise<string | null> {
    return this.boss.send(name, {});
  }

  /** The underlying pg-boss, for modules that define their own queues. */
  get pgBoss(): PgBoss {
    return this.boss;
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'stopping';
    await this.boss.stop({ graceful: true, wait: true, timeout: Math.max(this.options.shutdownGraceMs, 1000) });
    this.state = 'stopped';
  }
}

/** pg-boss's database port, on the caller's transaction. */
function transactionDb(manager: EntityManager): PgBoss.Db {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('Sending jobs in a transaction needs a transaction-bound EntityManager.');
  return {
    executeSql: async (text: string, values: unknown[]) => ({ rows: (await runner.query(text, values, true)).records }),
  };
}
