import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
import type { PathItemObject } from '@nestjs/swagger';
import type { Logger } from 'pino';
import type { ConfigSchema, ConfigSet, KeelConfig, KeelRole } from '@keel/platform-config';
import type { SealedColumn } from '@keel/platform-crypto';
import type { MetricsRegistry } from '@keel/platform-observability';

/** What a process was started with, handed to the app's root module. */
export interface KeelProcessContext {
  /** The kernel's settings; `configs` holds every loaded class, the kernel's and the contexts'. */
  config: KeelConfig;
  configs: ConfigSet;
  role: KeelRole;
  databaseUrl: string;
  logger: Logger;
  metrics: MetricsRegistry;
}

/** What a command of an app's own works with: a Keel this process serves for the command's length. */
export interface KeelCommandContext {
  /** Where that Keel listens (a private loopback port when the command's environment says so). */
  url: string;
  app: INestApplicationContext;
  configs: ConfigSet;
  logger: Logger;
  /** The words after the command's name (`main.js admin:grant ada@example.com` → `['ada@example.com']`). */
  args: readonly string[];
  /** Where the human-readable result goes (stdout). */
  print(text: string): void;
}

/**
 * A command of the app's own (`main.js seed`): it runs against a whole Keel,
 * started in this process for it (database, migrations, every module,
 * listening) and stopped after it, so it can go through Keel's own HTTP API.
 */
export interface KeelCommand {
  /** Variables for that Keel over the process's own (a private port, the log transport, …); `undefined` removes one. */
  environment?: Record<string, string | undefined>;
  /** Why the command must not run with these settings (production, say), or null; checked before anything starts. */
  refusal?(configs: ConfigSet): string | null;
  /** The work; throwing fails the command (exit 1), `process.exitCode` may say more. */
  run(context: KeelCommandContext): Promise<void>;
}

/** A group of operations in the API reference. */
export interface ApiTag {
  name: string;
  /** Markdown: what the group is for, shown above its operations. */
  description: string;
}

/** What the API reference says beyond what the routes describe themselves. */
export interface ApiReference {
  /** Markdown opening the reference (`info.description`): what the API is and how to start. */
  introduction: string;
  /**
   * The tags in the order a reader meets them, each described; a route's tag
   * that is not here follows them, in alphabetical order and undescribed.
   */
  tags: readonly ApiTag[];
  /** OpenAPI 3.1 `webhooks`: each request Keel sends to a receiver, by name. */
  webhooks: Record<string, PathItemObject>;
}

/** An app (api, worker) as the runtime sees it: its composition, its schema, its version. */
export interface KeelApplication {
  name: string;
  version: string;
  rootModule(context: KeelProcessContext): DynamicModule;
  /** The config classes of the contexts it composes; the kernel's (KERNEL_CONFIG_SCHEMAS) are always loaded. */
  configs?: readonly ConfigSchema[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  /** The columns sealed under the master key, which `crypto:rotate` re-seals; none when omitted. */
  sealedColumns?: readonly SealedColumn[];
  /**
   * False for a process without the HTTP API (the worker app): no OpenAPI
   * document or /docs page is mounted. Its root module should then load the
   * contexts without their HTTP modules.
   */
  servesApi?: boolean;
  /**
   * The reference's introduction, tag order and webhooks. Asked for when the
   * document is first served, once every module has initialised (registries
   * such as the event catalog are filled at module init).
   */
  apiReference?(app: INestApplicationContext): ApiReference;
  /** Forces a role (the worker app); otherwise KEEL_ROLE decides. */
  role?: KeelRole;
  /** Commands of the app's own beside serve, db:migrate, db:check and crypto:rotate: `main.js <name>`. */
  commands?: Readonly<Record<string, KeelCommand>>;
}
