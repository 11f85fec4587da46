import { Body, Controller, Injectable, Module, OnModuleInit, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import { DataSource } from 'typeorm';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DomainEvent, EventCatalog, EventConsumer, EventConsumers, EventsModule, Outbox } from '@keel/events';
import { JobContext, JobHandler, JobHandlers, JobRunsService, JobsModule } from '@keel/jobs';
import { SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { RequirePermission, TenancyModule, WorkspaceParam } from '@keel/tenancy';
import { behaviourOf } from './probe-behaviour';

export const PROBE_EVENT = 'probe.happened';
export const PROBE_CONSUMER = 'probe.effects';
export const PROBE_COUNT_JOB = 'probe.count';
export const PROBE_SLOW_JOB = 'probe.slow';

export class ProbeEventDto {
  @IsString()
  label: string;

  /** Roll the transaction back after publishing. */
  @IsOptional()
  @IsBoolean()
  rollback?: boolean;
}

export class ProbeJobDto {
  @IsOptional()
  @IsString()
  type?: string;

  @IsInt()
  @Min(1)
  @Max(1000)
  steps: number;

  @IsInt()
  @Min(0)
  @Max(10_000)
  stepMs: number;

  /** Fail (once per attempt) when reaching this step, on attempts up to `failAttempts`. */
  @IsOptional()
  @IsInt()
  failAtStep?: number;

  @IsOptional()
  @IsInt()
  failAttempts?: number;
}

/** Test-only: publishes probe events and starts probe jobs in a workspace. */
@Controller('v1/workspaces/:workspaceId/probe')
class ProbeBackboneController {
  constructor(
    private readonly outbox: Outbox,
    private readonly jobs: JobRunsService,
  ) {}

  @RequirePermission('workspace:read')
  @Post('events')
  async publish(@WorkspaceParam() workspaceId: string, @Body() body: ProbeEventDto): Promise<{ id: string }> {
    const id = await this.outbox.publish(workspaceId, { type: PROBE_EVENT, version: 1, data: { label: body.label } });
    if (body.rollback) throw new DomainError('CONFLICT', 'Rolled back on purpose.');
    return { id };
  }

  @RequirePermission('workspace:read')
  @Post('jobs')
  async start(@WorkspaceParam() workspaceId: string, @Body() body: ProbeJobDto): Promise<{ id: string }> {
    const { type, ...input } = body;
    return { id: (await this.jobs.start(workspaceId, type ?? PROBE_COUNT_JOB, { ...input })).id };
  }
}

/** Records each effect in probe_effects (the test creates that table); fails and follows up as the test says. */
@Injectable()
class ProbeConsumer implements EventConsumer {
  readonly name = PROBE_CONSUMER;
  readonly eventTypes = [PROBE_EVENT];
  readonly retryLimit = 1;

  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly outbox: Outbox,
  ) {}

  async handle(event: DomainEvent): Promise<void> {
    const label = String(event.data['label']);
    const behaviour = behaviourOf(label);
    behaviour.attempts++;
    if (behaviour.failuresLeft > 0) {
      behaviour.failuresLeft--;
      throw new Error(`probe failure for ${label}`);
    }
    await this.txHost.tx.query('INSERT INTO probe_effects (workspace_id, event_id, label) VALUES ($1, $2, $3)', [
      event.workspaceId,
      event.id,
      label,
    ]);
    if (behaviour.publishFollowUp) {
      await this.outbox.publish(event.workspaceId, { type: PROBE_EVENT, version: 1, data: { label: `${label}+1` } });
    }
  }
}

interface ProbeJobInput {
  steps: number;
  stepMs: number;
  failAtStep?: number;
  failAttempts?: number;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Counts steps, a checkpoint after each, and writes each step it runs to probe_steps (the test creates it). */
function countingJob(type: string, timeoutSeconds: number, dataSource: DataSource): JobHandler<ProbeJobInput> {
  return {
    type,
    timeoutSeconds,
    maxAttempts: 3,
    async run(context: JobContext<ProbeJobInput>) {
      const { steps, stepMs, failAtStep, failAttempts = 1 } = context.input;
      const from = typeof context.checkpoint?.['step'] === 'number' ? context.checkpoint['step'] : 0;
      for (let step = from + 1; step <= steps; step++) {
        if (context.signal.aborted) throw new Error('stopped');
        await pause(stepMs, context.signal);
        if (context.signal.aborted) throw new Error('stopped');
        if (failAtStep === step && context.attempt <= failAttempts) throw new Error(`failed at step ${step}`);
        await dataSource.query('INSERT INTO probe_steps (run_id, step, attempt) VALUES ($1, $2, $3)', [
          context.runId,
          step,
          context.attempt,
        ]);
        await context.saveCheckpoint({ step });
        await context.reportProgress((step / steps) * 100, `step ${step} of ${steps}`);
      }
      return { counted: steps };
    },
  };
}

@Injectable()
class ProbeRegistration implements OnModuleInit {
  constructor(
    private readonly catalog: EventCatalog,
    private readonly consumers: EventConsumers,
    private readonly handlers: JobHandlers,
    private readonly consumer: ProbeConsumer,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.catalog.register({
      type: PROBE_EVENT,
      version: 1,
      description: 'A test event.',
      schema: { type: 'object', required: ['label'], properties: { label: { type: 'string' } } },
    });
    this.consumers.register(this.consumer);
    this.handlers.register(countingJob(PROBE_COUNT_JOB, 60, this.dataSource));
    this.handlers.register(countingJob(PROBE_SLOW_JOB, 1, this.dataSource));
  }
}

@Module({
  imports: [TenancyModule, EventsModule, JobsModule],
  controllers: [ProbeBackboneController],
  providers: [ProbeConsumer, ProbeRegistration],
})
export class ProbeBackboneModule {}
