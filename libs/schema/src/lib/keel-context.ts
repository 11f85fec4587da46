import type { Type } from '@nestjs/common';
import type { ConfigSchema } from '@keel/platform-config';

/** One bounded context as the apps compose it: one entry of `keelContexts`. */
export interface KeelContext {
  /** The context's name, as in its Nx project and its `scope:` tag. */
  name: string;
  /**
   * Its providers, consumers, job handlers and schedules, without controllers:
   * what every process runs, the worker included.
   */
  module: Type;
  /** Its controllers, on top of `module`: loaded only by a process that serves the HTTP API. */
  httpModule?: Type;
  /** Its config classes, validated at start with the kernel's and injectable by their own type. */
  configs: readonly ConfigSchema[];
}
