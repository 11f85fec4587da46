export { AutomationModule } from './lib/automation.module';
export { AutomationHttpModule } from './lib/automation-http.module';
export { AutomationConfig } from './lib/automation-config';
export { automationEntities, automationMigrations } from './lib/automation-schema';
export { MAX_AUTOMATION_DEPTH, ACTION_TYPES } from './lib/rules/automation-action';
export type { AutomationAction } from './lib/rules/automation-action';
export { describeWebhooks, webhookSealedColumns } from './lib/webhooks';
export { AutomationRuleDirectory } from './lib/rules/automation-rule-directory';
