import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';

export const PG_NOTIFICATIONS_URL = Symbol('PG_NOTIFICATIONS_URL');

type NotificationHandler = (payload: string) => void;

const RECONNECT_DELAYS_MS = [100, 500, 1000, 2000, 5000];

/**
 * One dedicated connection that LISTENs on the channels modules ask for
 * (pooled connections cannot hold a LISTEN). It reconnects after a lost
 * connection and then tells every subscriber, since notifications sent while
 * it was away are gone: subscribers look for missed work themselves.
 */
@Injectable()
export class PgNotifications implements OnApplicationShutdown {
  private readonly logger = new Logger(PgNotifications.name);
  private readonly handlers = new Map<string, NotificationHandler[]>();
  private readonly reconnectHandlers: Array<() => void> = [];
  private client?: Client;
  private connecting?: Promise<void>;
  private stopped = false;
  private failures = 0;

  constructor(@Inject(PG_NOTIFICATIONS_URL) private readonly url: string) {}

  /** Calls `handler` with each notification's payload on `channel`; connects on first use. */
  async listen(channel: string, handler: NotificationHandler): Promise<void> {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Not a plain channel name: ${channel}`);
    const known = this.handlers.get(channel);
    this.handlers.set(channel, [...(known ?? []), handler]);
    await this.connect();
    if (!known) await this.client?.query(`LISTEN ${channel}`);
  }

  /** Called after the connection came back: notifications may have been missed meanwhile. */
  onReconnect(handler: () => void): void {
    this.reconnectHandlers.push(handler);
  }

  private connect(): Promise<void> {
    if (this.client || this.stopped) return Promise.resolve();
    this.connecting ??= this.open().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async open(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'keel-listen' });
    client.on('notification', (message) => {
      for (const handler of this.handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    await client.connect();
    for (const channel of this.handlers.keys()) await client.query(`LISTEN ${channel}`);
    this.client = client;
    this.failures = 0;
  }

  private lost(client: Client, error?: Error): void {
    if (this.client !== client || this.stopped) return;
    this.client = undefined;
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    this.logger.warn({ err: error ? { message: error.message } : undefined, msg: 'notification connection lost' });
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    while (!this.stopped && !this.client) {
      const delay = RECONNECT_DELAYS_MS[Math.min(this.failures, RECONNECT_DELAYS_MS.length - 1)];
      await new Promise((resolve) => setTimeout(resolve, delay));
      try {
        await this.connect();
        for (const handler of this.reconnectHandlers) handler();
      } catch (error) {
        this.failures++;
        if (this.failures % 10 === 1) {
          this.logger.warn({ err: { message: (error as Error).message }, msg: 'notification connection: retrying' });
        }
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
