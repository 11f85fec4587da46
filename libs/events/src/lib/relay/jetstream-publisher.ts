import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { jetstream, JetStreamClient, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { DomainEvent } from '../domain-event';
import { EventsConfig } from '../events-config';

type NatsConnection = Awaited<ReturnType<typeof connect>>;

/** How long a first connection may take: a NATS that does not answer fails the attempt, and the relay backs off. */
const CONNECT_TIMEOUT_MS = 5_000;

/** `keel.<workspaceId>.<type>`: a subscriber can take one workspace, one type, or everything (`keel.>`). */
export function eventSubject(event: DomainEvent): string {
  return `keel.${event.workspaceId}.${event.type}`;
}

/**
 * The connection to JetStream, when NATS_URL is set: publishes events with
 * their id as the message id, so a relay that publishes again after a crash
 * or a lost acknowledgement is deduplicated by the stream (within its
 * duplicate window). It refuses at once while NATS is away rather than let
 * the client buffer messages whose acknowledgement would time out, and says
 * when the connection comes back so the relay can catch up.
 */
@Injectable()
export class JetStreamPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(JetStreamPublisher.name);
  private readonly reconnectListeners: Array<() => void> = [];
  private connection?: NatsConnection;
  private client?: JetStreamClient;
  private connecting?: Promise<JetStreamClient>;
  /** The client reconnects on its own; between its disconnect and reconnect nothing is published. */
  private connected = false;
  /** The stream is made sure of after every (re)connection: a NATS that came back may have lost it. */
  private streamReady = false;

  constructor(private readonly config: EventsConfig) {}

  get enabled(): boolean {
    return this.config.NATS_URL !== undefined;
  }

  /** Called whenever the connection comes back after NATS was away: events may be waiting. */
  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  /**
   * Publishes each event and waits for the stream's acknowledgement; throws
   * when NATS is away or does not acknowledge one (the caller publishes them
   * all again later, and JetStream drops those it already has).
   */
  async publish(events: readonly DomainEvent[]): Promise<void> {
    if (!this.enabled || events.length === 0) return;
    const client = await this.jetStream();
    const encoder = new TextEncoder();
    await Promise.all(
      events.map((event) =>
        client.publish(eventSubject(event), encoder.encode(JSON.stringify(event)), { msgID: event.id }),
      ),
    );
  }

  /** A connected client with the stream in place; throws at once, touching nothing, while NATS is away. */
  async jetStream(): Promise<JetStreamClient> {
    if (!this.client || !this.connection || this.connection.isClosed()) {
      this.connecting ??= this.open().finally(() => (this.connecting = undefined));
      await this.connecting;
    }
    const { connection, client } = this;
    if (!connection || !client || !this.connected) throw new Error('NATS is not connected.');
    if (!this.streamReady) {
      await this.ensureStream(connection);
      this.streamReady = true;
    }
    return client;
  }

  private async open(): Promise<JetStreamClient> {
    const connection = await connect({
      servers: this.config.NATS_URL,
      name: 'keel-relay',
      maxReconnectAttempts: -1,
      timeout: CONNECT_TIMEOUT_MS,
    });
    this.connection = connection;
    this.client = jetstream(connection);
    this.connected = true;
    this.streamReady = false;
    void this.watch(connection);
    return this.client;
  }

  private async ensureStream(connection: NatsConnection): Promise<void> {
    const manager = await jetstreamManager(connection);
    const stream = this.config.NATS_STREAM;
    const subjects = ['keel.>'];
    try {
      await manager.streams.info(stream);
    } catch {
      await manager.streams.add({ name: stream, subjects });
      this.logger.log({ stream, subjects, msg: 'JetStream stream created' });
    }
  }

  /** Follows the connection's status until it closes. */
  private async watch(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (connection !== this.connection) return;
      if (status.type === 'disconnect') {
        this.connected = false;
        this.logger.warn({ server: status.server, msg: 'NATS connection lost; JetStream publishing waits for it' });
      } else if (status.type === 'reconnect') {
        this.connected = true;
        this.streamReady = false;
        this.logger.log({ server: status.server, msg: 'NATS connection back' });
        for (const listener of this.reconnectListeners) listener();
      }
    }
    // Closed (a shutdown, or the client gave up): the next publish opens a new connection.
    if (connection === this.connection) this.connected = false;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.drain().catch(() => undefined);
  }
}
