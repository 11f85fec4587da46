import { Controller, Get, Header, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ReadinessIndicators } from './readiness.indicators';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessIndicators,
  ) {}

  /** The process answers; says nothing about its dependencies. */
  @Get('live')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ description: 'The process is alive.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Database reachable, migrations current, queue running. 503 names the failed check. */
  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ description: 'Every dependency is ready.' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; `error` names it.' })
  async ready(@Res() reply: FastifyReply): Promise<void> {
    void reply.header('cache-control', 'no-store');
    try {
      const result = await this.health.check([
        () => this.readiness.database(),
        () => this.readiness.migrations(),
        () => this.readiness.queue(),
      ]);
      await reply.status(200).send(result);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      await reply.status(503).send(error.getResponse());
    }
  }
}
