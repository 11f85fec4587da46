import type { Type } from '@nestjs/common';
import { AdminConfig, AdminHttpModule, AdminModule } from '@keel/admin';
import { BillingConfig, BillingHttpModule, BillingModule } from '@keel/billing';
import { AiToolsConfig, AiToolsHttpModule, AiToolsModule } from '@keel/ai-tools';
import { AutomationConfig, AutomationHttpModule, AutomationModule } from '@keel/automation';
import { DocumentsConfig, DocumentsHttpModule, DocumentsModule } from '@keel/documents';
import { EventsConfig, EventsHttpModule, EventsModule } from '@keel/events';
import { IdentityConfig, RequestLimitsConfig } from '@keel/identity';
import { JobsConfig, JobsHttpModule, JobsModule } from '@keel/jobs';
import { ReleaseGatesConfig, ReleaseGatesHttpModule, ReleaseGatesModule } from '@keel/release-gates';
import type { ConfigSchema } from '@keel/platform-config';
import { TenancyConfig, TenancyHttpModule, TenancyModule } from '@keel/tenancy';
import { WorkflowsHttpModule, WorkflowsModule } from '@keel/workflows';
import type { KeelContext } from './keel-context';

/**
 * Every context the apps run, in dependency order: adding a context is one
 * line here (plus its entities and migrations in `keelEntities` and
 * `keelMigrations`). Both apps and the configuration docs read this list.
 */
export const keelContexts: readonly KeelContext[] = [
  // Every context sits on tenancy and identity: TenancyModule imports and re-exports IdentityModule, and
  // TenancyHttpModule brings identity's routes, so identity needs no line of its own but its config class.
  {
    name: 'tenancy',
    module: TenancyModule,
    httpModule: TenancyHttpModule,
    configs: [IdentityConfig, RequestLimitsConfig, TenancyConfig],
  },
  { name: 'events', module: EventsModule, httpModule: EventsHttpModule, configs: [EventsConfig] },
  { name: 'jobs', module: JobsModule, httpModule: JobsHttpModule, configs: [JobsConfig] },
  { name: 'workflows', module: WorkflowsModule, httpModule: WorkflowsHttpModule, configs: [] },
  { name: 'automation', module: AutomationModule, httpModule: AutomationHttpModule, configs: [AutomationConfig] },
  {
    name: 'release-gates',
    module: ReleaseGatesModule,
    httpModule: ReleaseGatesHttpModule,
    configs: [ReleaseGatesConfig],
  },
  { name: 'billing', module: BillingModule, httpModule: BillingHttpModule, configs: [BillingConfig] },
  { name: 'documents', module: DocumentsModule, httpModule: DocumentsHttpModule, configs: [DocumentsConfig] },
  { name: 'admin', module: AdminModule, httpModule: AdminHttpModule, configs: [AdminConfig] },
  { name: 'ai-tools', module: AiToolsModule, httpModule: AiToolsHttpModule, configs: [AiToolsConfig] },
];

/** Every context's config classes, in the order of `keelContexts`. */
export const keelConfigSchemas: readonly ConfigSchema[] = keelContexts.flatMap((context) => context.configs);

/**
 * The modules a process imports for the contexts: with `http`, each context's
 * module and its HTTP module (the API); without, the modules alone, so no
 * controller is registered at all (the worker).
 */
export function keelContextModules({ http }: { http: boolean }): Type[] {
  return keelContexts.flatMap((context) =>
    http && context.httpModule ? [context.module, context.httpModule] : [context.module],
  );
}
