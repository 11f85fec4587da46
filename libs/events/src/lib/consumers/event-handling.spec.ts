import { AsyncLocalStorage } from 'node:async_hooks';
import { ClsService } from 'nestjs-cls';
import { continueOrStartTrace, formatTraceparent, KeelClsStore, TraceContext } from '@keel/platform-context';
import { DomainEvent } from '../domain-event';
import { EventCause } from '../outbox/event-cause';
import { EventHandling } from './event-handling';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PUBLISHER_SPAN_ID = '00f067aa0ba902b7';

function eventWith(traceparent: string | null): DomainEvent {
  return {
    id: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a51',
    workspaceId: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a00',
    type: 'project.transitioned',
    version: 1,
    occurredAt: '2026-11-29T10:00:00.000Z',
    actor: null,
    data: {},
    traceparent,
    causationId: null,
    depth: 2,
  };
}

describe('EventHandling', () => {
  const cls = new ClsService<KeelClsStore>(new AsyncLocalStorage());
  const cause = new EventCause(cls as unknown as ClsService);
  const handling = new EventHandling(cls, cause);
  const currentTrace = (): TraceContext | undefined => cls.get('trace');

  it("should run the work in a span of the event's trace, child of the span that published it", async () => {
    const seen = await cls.run(() =>
      handling.within(eventWith(`00-${TRACE_ID}-${PUBLISHER_SPAN_ID}-01`), async () => currentTrace()),
    );

    expect(seen).toEqual({
      traceId: TRACE_ID,
      spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
      parentSpanId: PUBLISHER_SPAN_ID,
      traceFlags: 1,
    });
    expect(seen?.spanId).not.toBe(PUBLISHER_SPAN_ID);
  });

  it('should give what the work publishes the event as cause, one level deeper', async () => {
    const event = eventWith(null);

    const seen = await cls.run(() => handling.within(event, async () => cause.current));

    expect(seen).toEqual({ causationId: event.id, depth: 3 });
  });

  it('should start a trace of its own for an event that carries none', async () => {
    const seen = await cls.run(() => handling.within(eventWith(null), async () => currentTrace()));

    expect(seen?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(seen?.parentSpanId).toBeUndefined();
  });

  it('should give back the trace and the cause that were current before, also when the work fails', async () => {
    const outer = continueOrStartTrace(undefined);

    const after = await cls.run(async () => {
      cls.set('trace', outer);
      await expect(
        handling.within(eventWith(formatTraceparent(continueOrStartTrace(undefined))), async () => {
          throw new Error('the consumer failed');
        }),
      ).rejects.toThrow('the consumer failed');
      return { trace: currentTrace(), cause: cause.current };
    });

    expect(after).toEqual({ trace: outer, cause: undefined });
  });
});
