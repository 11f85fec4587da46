export { BillingModule } from './lib/billing.module';
export { BillingHttpModule } from './lib/billing-http.module';
export { BillingConfig } from './lib/billing-config';
export { billingEntities, billingMigrations } from './lib/billing-schema';
export { DEFAULT_BILLING_CATALOG } from './lib/catalog/default-catalog';
export type { BillingCatalog, PlanDefinition, PlanFeature, PlanPrice } from './lib/catalog/plan';
export { ENTITLEMENT_WARNING_HEADER } from './lib/billing.interceptor';
export { billingInvoiceCommand } from './lib/invoices/invoice-command';
export { StripeBillingProvider } from './lib/provider/stripe-billing-provider';
