import { Injectable } from '@nestjs/common';
import { EventConsumer } from './event-consumer';

/** The consumers of this process, registered by their modules at init; the relay and the runner read them. */
@Injectable()
export class EventConsumers {
  private readonly consumers = new Map<string, EventConsumer>();

  register(consumer: EventConsumer): void {
    if (this.consumers.has(consumer.name)) throw new Error(`The event consumer ${consumer.name} is registered twice.`);
    this.consumers.set(consumer.name, consumer);
  }

  all(): EventConsumer[] {
    return [...this.consumers.values()];
  }

  get(name: string): EventConsumer | undefined {
    return this.consumers.get(name);
  }

  /** The consumers that receive events of `type`. */
  of(type: string): EventConsumer[] {
    return this.all().filter((consumer) => consumer.eventTypes === '*' || consumer.eventTypes.includes(type));
  }
}
