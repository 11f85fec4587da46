import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CLS_ID, ClsModule, ClsServiceManager } from 'nestjs-cls';
import type { IncomingMessage } from 'node:http';
import { identifyIncomingRequest, IncomingRequestIdentity } from './incoming-request';
import { KeelClsStore, RequestContext } from './request-context';

function isGlobalEnhancer(provider: Provider): boolean {
  return typeof provider === 'object' && (provider.provide === APP_GUARD || provider.provide === APP_INTERCEPTOR);
}

/**
 * nestjs-cls's root module registers a global guard and a global interceptor
 * even when neither is mounted (then they do nothing). A global interceptor is
 * not free: it puts every route through Nest's interceptor chain (two
 * `AsyncResource.bind`s and an RxJS pipeline per request). The context is
 * opened by `openRequestContext` instead, so both are left out.
 */
export function withoutGlobalEnhancers(module: DynamicModule): DynamicModule {
  return {
    ...module,
    providers: module.providers?.filter((provider) => !isGlobalEnhancer(provider)),
    imports: module.imports?.map((imported) =>
      typeof imported === 'object' && imported !== null && 'module' in imported
        ? withoutGlobalEnhancers(imported as DynamicModule)
        : imported,
    ),
  };
}

/**
 * The CLS context of every HTTP request (guards, interceptors and handlers all
 * see it) holds the request id, the trace and the client address; the
 * transactional plugin stores the open transaction in the same context. It is
 * opened by `openRequestContext`, from Keel's first Fastify `onRequest` hook
 * (platform-runtime), not by a Nest middleware: one store per request, no
 * middleware chain.
 */
@Global()
@Module({
  imports: [withoutGlobalEnhancers(ClsModule.forRoot({ global: true, middleware: { mount: false } }))],
  providers: [RequestContext],
  exports: [RequestContext],
})
export class RequestContextModule {}

/**
 * Runs `next` (the rest of Fastify's lifecycle for this request: hooks, body
 * parsing, Nest's guards, interceptors and handler) inside the request's CLS
 * context. `clientAddress` is Fastify's `request.ip`, which honours TRUST_PROXY.
 */
export function openRequestContext(raw: IncomingMessage, clientAddress: string | undefined, next: () => void): void {
  const identity: IncomingRequestIdentity = identifyIncomingRequest(raw);
  const store: KeelClsStore = {
    [CLS_ID]: identity.requestId,
    requestId: identity.requestId,
    trace: identity.trace,
    incoming: identity,
    clientAddress: clientAddress ?? raw.socket?.remoteAddress,
  };
  const userAgent = raw.headers['user-agent'];
  // Bounded: it lands in audit rows and session lists.
  if (typeof userAgent === 'string') store.userAgent = userAgent.slice(0, 512);
  ClsServiceManager.getClsService<KeelClsStore>().runWith(store, next);
}

/** The HTTP request being served in this async context, if any (none in jobs and consumers). */
export function currentIncomingRequest(): IncomingRequestIdentity | undefined {
  const cls = ClsServiceManager.getClsService<KeelClsStore>();
  return cls.isActive() ? cls.get('incoming') : undefined;
}
