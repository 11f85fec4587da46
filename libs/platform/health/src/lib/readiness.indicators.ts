import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { migrationsAreCurrent } from '@keel/platform-database';
import { JobQueue } from '@keel/platform-queue';

const PING_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The checks behind /health/ready. Their messages are ours: a driver's error
 * text (addresses, users) never reaches the response. The pool reconnects on
 * its own, so readiness recovers without a restart once the database is back.
 */
@Injectable()
export class ReadinessIndicators {
  private migrationsCurrent = false;

  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobQueue: JobQueue,
  ) {}

  async database(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('database');
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), PING_TIMEOUT_MS);
      return check.up();
    } catch {
      return check.down({ message: 'PostgreSQL is unreachable' });
    }
  }

  async migrations(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('migrations');
    // Once every migration this build knows is applied, that stays true for the life of the
    // process: later probes need not read the migrations table again.
    if (this.migrationsCurrent) return check.up();
    try {
      this.migrationsCurrent = await withTimeout(migrationsAreCurrent(this.dataSource), PING_TIMEOUT_MS);
      return this.migrationsCurrent ? check.up() : check.down({ message: 'migrations are pending' });
    } catch {
      return check.down({ message: 'migration state cannot be read' });
    }
  }

  async queue(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('queue');
    return this.jobQueue.running ? check.up() : check.down({ message: 'the job queue is not running' });
  }
}
