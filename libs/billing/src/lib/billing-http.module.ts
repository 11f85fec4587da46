import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TenancyModule } from '@keel/tenancy';
import { BillingModule } from './billing.module';
import { PlansController } from './catalog/plans.controller';
import { EntitlementWarningInterceptor } from './entitlements/entitlement-warning.interceptor';
import { EntitlementsController } from './entitlements/entitlements.controller';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';

/** The billing routes, and the `Keel-Entitlement-Warning` header on every route. */
@Module({
  imports: [BillingModule, TenancyModule],
  controllers: [PlansController, SubscriptionsController, EntitlementsController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: EntitlementWarningInterceptor }],
})
export class BillingHttpModule {}
