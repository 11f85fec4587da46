import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';

const CAUSE_KEY = 'eventCause';

/** The event being handled, which every event published meanwhile was caused by. */
export interface Cause {
  causationId: string;
  /** The depth the caused events get: the cause's depth plus one. */
  depth: number;
}

/** Carries the cause in the request context, so the outbox stamps it on events published while handling an event. */
@Injectable()
export class EventCause {
  constructor(private readonly cls: ClsService) {}

  get current(): Cause | undefined {
    return this.cls.isActive() ? this.cls.get<Cause | undefined>(CAUSE_KEY) : undefined;
  }

  /** Runs `work` with events it publishes caused by `cause`; needs an active context (a consumer's). */
  async within<T>(cause: Cause, work: () => Promise<T>): Promise<T> {
    const previous = this.current;
    this.cls.set(CAUSE_KEY, cause);
    try {
      return await work();
    } finally {
      this.cls.set(CAUSE_KEY, previous);
    }
  }
}
