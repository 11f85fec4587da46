import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TenancyModule } from '@keel/tenancy';
import { BillingModule } from './billing.module';
import { BillingInterceptor } from './billing.interceptor';
import { BILLING_CONTROLLERS } from './billing-controllers';

/**
 * The billing routes; on every route, the `Keel-Entitlement-Warning` header
 * the count of authenticated workspace requests (`api_requests`), and the
 * read-only mode of a workspace past its dunning grace period.
 */
@Module({
  imports: [BillingModule, TenancyModule],
  controllers: [...BILLING_CONTROLLERS],
  providers: [{ provide: APP_INTERCEPTOR, useClass: BillingInterceptor }],
})
export class BillingHttpModule {}
