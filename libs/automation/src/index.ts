export { AutomationModule } from './lib/automation.module';
export { AutomationHttpModule } from './lib/automation-http.module';
export { AutomationConfig } from './lib/automation-config';
export { automationEntities, automationMigrations } from './lib/automation-schema';
export { MAX_AUTOMATION_DEPTH, ACTION_TYPES } from './lib/rules/automation-action';
export type { AutomationAction } from './lib/rules/automation-action';
export { describeWebhooks, webhookSealedColumns } from './lib/webhooks';
// A webhook endpoint made by a workspace import gets a fresh signing secret (bundles never carry one).
export { generateWebhookSecret } from './lib/webhooks/outbound/webhook-secret';
export { webhookSecretAssociatedData } from './lib/webhooks/endpoints/webhook-secret-sealing';
export { AutomationRuleDirectory } from './lib/rules/automation-rule-directory';
// The outbound guard for URLs a workspace gives (webhooks here; AI HTTP tools reuse it).
export { sendGuardedRequest, webhookTargetRefusal } from './lib/webhooks/outbound';
export type {
  GuardedRequest,
  GuardedRequestOptions,
  GuardedRequestOutcome,
  GuardedResponse,
} from './lib/webhooks/outbound';
