import type { DynamicModule } from '@nestjs/common';
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
  /** Forces a role (the worker app); otherwise KEEL_ROLE decides. */
  role?: KeelRole;
}
