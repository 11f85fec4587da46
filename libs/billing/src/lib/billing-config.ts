import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Max, Min, ValidateBy } from 'class-validator';
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
    type: 'string',
    description:
      'Payment provider: `none`, the only one so far (invoices are marked paid or failed by an operator: `main.js billing:invoice`).',
  })
  @IsIn(['none'])
  BILLING_PROVIDER = 'none';
}
