import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { QUEUE_OPTIONS, QueueOptions } from './queue-options';
import { ScheduledJob } from './scheduled-job';

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

  constructor(@Inject(QUEUE_OPTIONS) private readonly options: QueueOptions) {
    this.boss = new PgBoss({
      connectionString: options.url,
      schema: options.schema,
      application_name: 'keel-queue',
      max: 4,
      supervise: options.runWorkers,
      schedule: options.runWorkers,
    });
    // pg-boss hands over driver errors with the whole client attached; the message and code say enough.
    this.boss.on('error', (error: Error & { code?: string }) =>
      this.logger.error({ err: { type: error.name, message: error.message, code: error.code }, msg: 'queue error' }),
    );
    this.boss.on('stopped', () => (this.state = 'stopped'));
  }

  registerSchedule(job: ScheduledJob): void {
    this.scheduled.push(job);
  }

  get running(): boolean {
    return this.state === 'running';
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.boss.start();
    this.state = 'running';
    if (!this.options.runWorkers) return;
    for (const job of this.scheduled) {
      await this.boss.createQueue(job.name, { name: job.name, policy: 'singleton', retryLimit: 2 });
      await this.boss.schedule(job.name, job.cron, {}, { tz: 'UTC' });
      await this.boss.work(job.name, async () => {
        await job.run();
      });
    }
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
