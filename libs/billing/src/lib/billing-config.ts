import { ValidateBy } from 'class-validator';
import { IsString } from 'class-validator';
import { ConfigSection, EnvVar } from '@keel/platform-config';
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

/** Billing's variables: the plan catalog. */
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
}
