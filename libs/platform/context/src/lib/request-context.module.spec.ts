import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import type { DynamicModule, Provider } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { ClsModule, ClsServiceManager } from 'nestjs-cls';
import type { KeelClsStore } from './request-context';
import { currentIncomingRequest, openRequestContext, withoutGlobalEnhancers } from './request-context.module';

function providersOf(module: DynamicModule): Provider[] {
  return [
    ...(module.providers ?? []),
    ...(module.imports ?? []).flatMap((imported) =>
      typeof imported === 'object' && imported !== null && 'module' in imported
        ? providersOf(imported as DynamicModule)
        : [],
    ),
  ];
}

const provided = (module: DynamicModule) =>
  providersOf(module).map((provider) => (typeof provider === 'object' ? provider.provide : provider));

describe('the request context', () => {
  it('should take nestjs-cls’s global guard and interceptor out of every route, and keep its other providers', () => {
    const clsModule = ClsModule.forRoot({ global: true, middleware: { mount: false } });
    expect(provided(clsModule)).toEqual(expect.arrayContaining([APP_GUARD, APP_INTERCEPTOR]));

    const stripped = provided(withoutGlobalEnhancers(clsModule));

    expect(stripped).not.toContain(APP_GUARD);
    expect(stripped).not.toContain(APP_INTERCEPTOR);
    expect(stripped).toHaveLength(provided(clsModule).length - 2);
  });

  it('should hold the request’s identity, client address and bounded user agent while the request runs, and only then', async () => {
    const raw = {
      headers: { 'x-request-id': 'context-1', 'user-agent': 'x'.repeat(600) },
      socket: { remoteAddress: '10.0.0.9' },
    } as unknown as IncomingMessage;

    const cls = ClsServiceManager.getClsService<KeelClsStore>();

    const seen = await new Promise<{ incoming?: { requestId: string }; clientAddress?: string; userAgent?: string }>(
      (resolve) =>
        openRequestContext(raw, '203.0.113.7', () => {
          // Still there after an await, as in a guard or a handler.
          void Promise.resolve().then(() =>
            resolve({
              incoming: currentIncomingRequest(),
              clientAddress: cls.get('clientAddress'),
              userAgent: cls.get('userAgent'),
            }),
          );
        }),
    );

    expect(seen.incoming?.requestId).toBe('context-1');
    expect(seen.clientAddress).toBe('203.0.113.7');
    expect(seen.userAgent).toHaveLength(512);
    expect(currentIncomingRequest()).toBeUndefined();
  });
});
