import { Injectable, NestMiddleware, NotFoundException } from '@nestjs/common';

/**
 * The worker loads the context modules for their consumers and jobs, and
 * with them their controllers; over HTTP it answers only /health and
 * /metrics, so a worker is never a second, unplanned API.
 */
@Injectable()
export class WorkerRoutesMiddleware implements NestMiddleware {
  use(): never {
    throw new NotFoundException('A worker serves /health and /metrics only.');
  }
}
