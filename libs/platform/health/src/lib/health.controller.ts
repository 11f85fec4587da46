import { Controller, Get, Header, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthCheckStatus } from '@nestjs/terminus';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags, SchemaObject } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ReadinessDetails } from './readiness-details';
import { ReadinessIndicators } from './readiness.indicators';
import { NotRateLimited, Public } from '@keel/platform-context';

const LIVENESS_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok'] } },
};

const INDICATOR_RESULTS_SCHEMA: SchemaObject = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    required: ['status'],
    properties: {
      status: { type: 'string', enum: ['up', 'down'] },
      message: { type: 'string', description: 'Why the check is down.' },
    },
  },
};

/**
 * Terminus' HealthCheckResult, keyed by check (`database`, `migrations`,
 * `queue`, and the contexts' facts such as `search`). Spelled out because `ready` writes through the raw reply, so the
 * swagger plugin has no return type to read.
 */
function healthCheckResultSchema(statuses: HealthCheckStatus[]): SchemaObject {
  return {
    type: 'object',
    required: ['status', 'info', 'error', 'details'],
    properties: {
      status: { type: 'string', enum: statuses },
      info: { ...INDICATOR_RESULTS_SCHEMA, description: 'The checks that are up.' },
      error: { ...INDICATOR_RESULTS_SCHEMA, description: 'The checks that are down.' },
      details: { ...INDICATOR_RESULTS_SCHEMA, description: 'Every check.' },
    },
  };
}

@ApiTags('health')
@Public()
@NotRateLimited()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessIndicators,
    private readonly details: ReadinessDetails,
  ) {}

  /** The process answers; says nothing about its dependencies. */
  @Get('live')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ description: 'The process is alive.', schema: LIVENESS_SCHEMA })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Database reachable, migrations current, queue running, plus the contexts' facts (search modes). 503 names the failed check. */
  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ description: 'Every dependency is ready.', schema: healthCheckResultSchema(['ok']) })
  @ApiServiceUnavailableResponse({
    description: 'A dependency is down (`error` names it), or the process is shutting down.',
    schema: healthCheckResultSchema(['error', 'shutting_down']),
  })
  async ready(@Res() reply: FastifyReply): Promise<void> {
    void reply.header('cache-control', 'no-store');
    try {
      const result = await this.health.check([
        () => this.readiness.database(),
        () => this.readiness.migrations(),
        () => this.readiness.queue(),
        ...this.details.indicators(),
      ]);
      await reply.status(200).send(result);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      await reply.status(503).send(error.getResponse());
    }
  }
}
