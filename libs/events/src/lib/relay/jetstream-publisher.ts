import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { jetstream, JetStreamClient, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { KeelConfig } from '@keel/platform-config';
import { DomainEvent } from '../domain-event';

type NatsConnection = Awaited<ReturnType<typeof connect>>;

/** `keel.<workspaceId>.<type>`: a subscriber can take one workspace, one type, or everything (`keel.>`). */
export function eventSubject(event: DomainEvent): string {
  return `keel.${event.workspaceId}.${event.type}`;
}

/**
 * The relay's second target, when NATS_URL is set: every event goes to
 * JetStream with its id as the message id, so a relay that publishes again
 * after a crash is deduplicated by the stream (within its duplicate window).
 */
@Injectable()
export class JetStreamPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(JetStreamPublisher.name);
  private connection?: NatsConnection;
  private client?: JetStreamClient;
  private connecting?: Promise<JetStreamClient>;

  constructor(private readonly config: KeelConfig) {}

  get enabled(): boolean {
    return this.config.NATS_URL !== undefined;
  }

  /** Publishes each event and waits for the stream's acknowledgement; throws when NATS does not take one. */
  async publish(events: readonly DomainEvent[]): Promise<{ duplicates: number }> {
    if (!this.enabled || events.length === 0) return { duplicates: 0 };
    const client = await this.jetStream();
    const encoder = new TextEncoder();
    const acks = await Promise.all(
      events.map((event) =>
        client.publish(eventSubject(event), encoder.encode(JSON.stringify(event)), { msgID: event.id }),
      ),
    );
    return { duplicates: acks.filter((ack) => ack.duplicate).length };
  }

  private jetStream(): Promise<JetStreamClient> {
    if (this.client && this.connection && !this.connection.isClosed()) return Promise.resolve(this.client);
    this.connecting ??= this.open().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async open(): Promise<JetStreamClient> {
    const connection = await connect({ servers: this.config.NATS_URL, name: 'keel-relay', maxReconnectAttempts: -1 });
    const manager = await jetstreamManager(connection);
    const stream = this.config.NATS_STREAM;
    const subjects = ['keel.>'];
    try {
      await manager.streams.info(stream);
    } catch {
      await manager.streams.add({ name: stream, subjects });
      this.logger.log({ stream, subjects, msg: 'JetStream stream created' });
    }
    this.connection = connection;
    this.client = jetstream(connection);
    return this.client;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.drain().catch(() => undefined);
  }
}
