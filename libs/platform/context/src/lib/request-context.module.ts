import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ClsMiddleware, ClsModule } from 'nestjs-cls';
import type { IncomingMessage } from 'node:http';
import { identifyIncomingRequest } from './incoming-request';
import { RequestContext } from './request-context';

/**
 * Opens a CLS context for every HTTP request (Nest middleware, so guards,
 * interceptors and handlers all see it) holding the request id, the trace and
 * the client address. The transactional plugin stores the open transaction in
 * the same context.
 */
@Global()
@Module({
  imports: [
    ClsModule.forRoot({
      global: true,
      middleware: {
        // Mounted below: nestjs-cls picks its mount point by the adapter's class name, and Keel's
        // adapter (a FastifyAdapter subclass) would get Express's, which matches no Fastify route.
        mount: false,
        generateId: true,
        idGenerator: (req: IncomingMessage) => identifyIncomingRequest(req).requestId,
        setup: (cls, req: IncomingMessage & { ip?: string }) => {
          const identity = identifyIncomingRequest(req);
          cls.set('requestId', identity.requestId);
          cls.set('trace', identity.trace);
          cls.set('incoming', identity);
          cls.set('clientAddress', req.ip ?? req.socket?.remoteAddress);
          const userAgent = req.headers['user-agent'];
          // Bounded: it lands in audit rows and session lists.
          if (typeof userAgent === 'string') cls.set('userAgent', userAgent.slice(0, 512));
        },
      },
    }),
  ],
  providers: [RequestContext],
  exports: [RequestContext],
})
export class RequestContextModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Fastify 5's catch-all, as nestjs-cls itself mounts it for a plain FastifyAdapter.
    consumer.apply(ClsMiddleware).forRoutes('{*path}');
  }
}
