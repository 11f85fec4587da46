import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { continueOrStartTrace, KeelClsStore } from '@keel/platform-context';
import { DomainEvent } from '../domain-event';
import { EventCause } from '../outbox/event-cause';

/**
 * What acting on an event means for the work it does: events it publishes
 * are caused by the event, one level deeper, and it runs in the event's
 * trace — a span of its own, child of the span that published the event
 * (or, for an event that carries no trace, a new trace) — held where a
 * request holds its trace, so the outbox stamps it on the events it writes
 * and anything else that reads the current trace sees it too.
 */
@Injectable()
export class EventHandling {
  constructor(
    private readonly cls: ClsService<KeelClsStore>,
    private readonly cause: EventCause,
  ) {}

  /** Runs `work` as the handling of `event`; needs an active context (a consumer's or a job's). */
  async within<T>(event: DomainEvent, work: () => Promise<T>): Promise<T> {
    const previous = this.cls.get('trace');
    this.cls.set('trace', continueOrStartTrace(event.traceparent ?? undefined));
    try {
      return await this.cause.within({ causationId: event.id, depth: event.depth + 1 }, work);
    } finally {
      this.cls.set('trace', previous);
    }
  }
}
