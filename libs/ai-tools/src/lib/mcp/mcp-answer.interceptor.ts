import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, Observable } from 'rxjs';
import type { McpHttpAnswer } from './mcp-tool-server';

/**
 * Sends what the MCP transport answered — its status (200, or 202 for
 * notifications), headers and body — once the handler's tenant transaction
 * is over: it wraps the route's own interceptors (a controller's interceptors
 * run outside its handlers'). The handler takes `@Res()`, so Nest sends
 * nothing itself and the reply goes out exactly once; an error thrown before
 * still reaches the problem filter.
 */
@Injectable()
export class McpAnswerInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((answer: McpHttpAnswer | undefined) => {
        if (answer && !reply.sent) {
          void reply
            .status(answer.status)
            .headers(answer.headers)
            .send(answer.body ?? undefined);
        }
        return answer;
      }),
    );
  }
}
