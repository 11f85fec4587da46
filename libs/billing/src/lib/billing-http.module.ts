import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TenancyModule } from '@keel/tenancy';
import { BillingModule } from './billing.module';
import { PlansController } from './catalog/plans.controller';
import { BillingInterceptor } from './billing.interceptor';
import { EntitlementsController } from './entitlements/entitlements.controller';
import { MeteringController } from './metering/metering.controller';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';

/**
 * The billing routes; on every route, the `Keel-Entitlement-Warning` header
 * and the count of authenticated workspace requests (`api_requests`).
 */
@Module({
  imports: [BillingModule, TenancyModule],
  controllers: [PlansController, SubscriptionsController, EntitlementsController, MeteringController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: BillingInterceptor }],
})
export class BillingHttpModule {}
