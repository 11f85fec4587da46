import { Controller, Get, Header, Headers, Inject, Optional, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NotRateLimited, Public } from '@keel/platform-context';
import { DomainError } from '@keel/platform-errors';
import { MetricsRegistry } from './metrics-registry';
import { carriesMetricsToken, METRICS_TOKEN_REQUIRED } from './metrics-token';

/** The bearer token /metrics asks for on the API's port, when METRICS_TOKEN is set. */
export const METRICS_TOKEN = Symbol('METRICS_TOKEN');

@ApiExcludeController()
@Public()
@NotRateLimited()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsRegistry,
    @Optional() @Inject(METRICS_TOKEN) private readonly token?: string,
  ) {}

  /** Prometheus text exposition format. */
  @Get()
  @Header('cache-control', 'no-store')
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    if (this.token !== undefined && !carriesMetricsToken(authorization, this.token)) {
      throw new DomainError('UNAUTHENTICATED', METRICS_TOKEN_REQUIRED, { headers: { 'www-authenticate': 'Bearer' } });
    }
    const body = await this.metrics.render();
    await reply.header('content-type', this.metrics.contentType).send(body);
  }
}
