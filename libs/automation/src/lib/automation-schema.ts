import { AutomationRule } from './rules/automation-rule.entity';
import { AutomationRun } from './runs/automation-run.entity';
import { AutomationRunAction } from './runs/automation-run-action.entity';
import { webhooksEntities, webhooksMigrations } from './webhooks/webhooks-schema';
import { Automation1764000005000 } from '../migrations/1764000005000-automation';

/** The automation context's tables: rules, runs, and the webhooks part. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const automationEntities: Function[] = [AutomationRule, AutomationRun, AutomationRunAction, ...webhooksEntities];

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const automationMigrations: Function[] = [Automation1764000005000, ...webhooksMigrations];
