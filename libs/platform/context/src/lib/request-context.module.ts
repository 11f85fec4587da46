import { Global, Module } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';
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
        mount: true,
        generateId: true,
        idGenerator: (req: IncomingMessage) => identifyIncomingRequest(req).requestId,
        setup: (cls, req: IncomingMessage & { ip?: string }) => {
          const identity = identifyIncomingRequest(req);
          cls.set('requestId', identity.requestId);
          cls.set('trace', identity.trace);
          cls.set('clientAddress', req.ip ?? req.socket?.remoteAddress);
        },
      },
    }),
  ],
  providers: [RequestContext],
  exports: [RequestContext],
})
export class RequestContextModule {}
