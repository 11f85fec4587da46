import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min, MinLength, ValidateBy, ValidateIf } from 'class-validator';
import { ConfigSection, EnvVar, toInteger } from '@keel/platform-config';
import { catalogFileProblems } from './catalog/catalog-file';

/** The catalog file must read, parse and hold a valid catalog; every problem is named at start-up. */
function IsBillingCatalogFile(): PropertyDecorator {
  return ValidateBy({
    name: 'isBillingCatalogFile',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && catalogFileProblems(value).length === 0,
      defaultMessage: (args) =>
        `$property ${typeof args?.value === 'string' ? catalogFileProblems(args.value).join('; ') : 'must be a path'}`,
    },
  });
}

export const BILLING_PROVIDERS = ['none', 'stripe'] as const;
export type BillingProviderName = (typeof BILLING_PROVIDERS)[number];

const usesStripe = (config: BillingConfig) => config.BILLING_PROVIDER === 'stripe';

/** Billing's variables: the plan catalog, dunning, and the payment provider. */
@ConfigSection('Billing')
export class BillingConfig {
  @EnvVar({
    type: 'string',
    description:
      'Path of a JSON file with the plan catalog (docs/billing.md); empty for the built-in Free, Team and Business. Synced into the database at start: a changed plan becomes a new version.',
  })
  @IsBillingCatalogFile()
  @IsString()
  BILLING_CATALOG = '';

  @EnvVar({
    type: 'integer',
    description:
      'Days a workspace keeps writing after a failed payment made its subscription past_due; then writes other than billing get 402 SUBSCRIPTION_PAST_DUE (reads go on) until a payment.',
  })
  @Transform(toInteger)
  @Min(0)
  @Max(365)
  @IsInt()
  BILLING_GRACE_DAYS = 14;

  @EnvVar({
    type: 'enum',
    values: BILLING_PROVIDERS,
    description:
      'Payment provider: `none` (the default: invoices are marked paid or failed by an operator, `main.js billing:invoice`) or `stripe` (customers, subscriptions and invoices at Stripe, its webhooks at POST /v1/billing/webhooks/stripe, daily reconciliation).',
  })
  @IsIn(BILLING_PROVIDERS)
  BILLING_PROVIDER: BillingProviderName = 'none';

  @EnvVar({
    type: 'string',
    secret: true,
    description:
      'Stripe secret API key (`sk_live_…` or `sk_test_…`; a restricted key needs customers, products, subscriptions and invoices). Required for stripe.',
  })
  @ValidateIf(usesStripe)
  @IsString()
  @MinLength(1)
  STRIPE_SECRET_KEY?: string;

  @EnvVar({
    type: 'string',
    secret: true,
    description:
      'Signing secret of the Stripe webhook endpoint that points at POST /v1/billing/webhooks/stripe (`whsec_…`); events whose Stripe-Signature it does not verify are refused with 400. Required for stripe.',
  })
  @ValidateIf(usesStripe)
  @IsString()
  @MinLength(1)
  STRIPE_WEBHOOK_SECRET?: string;

  @EnvVar({
    type: 'url',
    description:
      'Where the Stripe SDK sends its requests: Stripe itself, or (for tests) a local server that speaks the same wire format.',
  })
  @ValidateIf(usesStripe)
  @Matches(/^https?:\/\/[^/?#\s]+\/?$/, {
    message: 'must be an http:// or https:// origin (scheme, host and optional port)',
  })
  STRIPE_API_BASE = 'https://api.stripe.com';
}
