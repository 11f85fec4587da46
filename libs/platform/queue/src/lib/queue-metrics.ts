import { Inject, Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsRegistry } from '@keel/platform-observability';
import { JobQueue } from './job-queue';
import { QUEUE_OPTIONS, QueueOptions } from './queue-options';

/** pg-boss states as the gauge names them: waiting to run (new or between retries), running, failed for good. */
const STATE_OF: Record<string, 'queued' | 'active' | 'failed'> = {
  created: 'queued',
  retry: 'queued',
  active: 'active',
  failed: 'failed',
};

/**
 * Queue depth per pg-boss queue, read from its job table at scrape time: how much work waits, how
 * much runs, and how much failed for good (kept until pg-boss archives it). Every process reports
 * the same numbers: they come from the database, not from this process.
 */
@Injectable()
export class QueueMetrics {
  private readonly logger = new Logger(QueueMetrics.name);

  constructor(
    metrics: MetricsRegistry,
    private readonly queue: JobQueue,
    @Inject(QUEUE_OPTIONS) private readonly options: QueueOptions,
  ) {
    const read = () => this.depths();
    new Gauge({
      name: 'keel_queue_jobs',
      help: 'Jobs in each pg-boss queue, by state: queued (waiting, retries included), active (running), failed (failed for good, until archived).',
      labelNames: ['queue', 'state'],
      registers: [metrics.registry],
      async collect() {
        const depths = await read();
        if (!depths) return;
        this.reset();
        for (const { queue, state, jobs } of depths) this.inc({ queue, state }, jobs);
      },
    });
  }

  /** Undefined while the queue is not running or the database does not answer: the scrape still succeeds. */
  private async depths(): Promise<Array<{ queue: string; state: string; jobs: number }> | undefined> {
    if (!this.queue.running) return undefined;
    const schema = this.options.schema.replace(/"/g, '""');
    try {
      const { rows } = await this.queue.pgBoss.getDb().executeSql(
        `SELECT name, state::text AS state, count(*)::int AS jobs FROM "${schema}".job
            WHERE state IN ('created', 'retry', 'active', 'failed') GROUP BY name, state`,
        [],
      );
      return (rows as Array<{ name: string; state: string; jobs: number }>).map((row) => ({
        queue: row.name,
        state: STATE_OF[row.state] ?? row.state,
        jobs: row.jobs,
      }));
    } catch (error) {
      this.logger.warn({ err: { message: (error as Error).message }, msg: 'queue depth not read for this scrape' });
      return undefined;
    }
  }
}
