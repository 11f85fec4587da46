import { PlanVersion } from './catalog/plan-version.entity';
import { Subscription } from './subscriptions/subscription.entity';
import { Billing1764000008000 } from '../migrations/1764000008000-billing';

/** The billing context's tables. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const billingEntities: Function[] = [PlanVersion, Subscription];

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const billingMigrations: Function[] = [Billing1764000008000];
