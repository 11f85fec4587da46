import { SqlMigration, tenantIsolationSql } from '@keel/platform-database';

/**
 * The usage thresholds (50, 80, 100 %) each feature has crossed in a billing
 * period: the row is what makes `entitlement.threshold_crossed` fire once
 * per feature, threshold and period, whichever request gets there first.
 */
export class EntitlementThresholds1764000018900 extends SqlMigration {
  readonly name = 'EntitlementThresholds1764000018900';

  protected readonly upSql = `
    CREATE TABLE entitlement_thresholds (
      workspace_id uuid NOT NULL,
      feature text NOT NULL,
      period_start timestamptz NOT NULL,
      percent integer NOT NULL,
      usage double precision NOT NULL,
      limit_value double precision NOT NULL,
      crossed_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT entitlement_thresholds_pkey PRIMARY KEY (workspace_id, feature, period_start, percent),
      CONSTRAINT entitlement_thresholds_workspace_id_fkey FOREIGN KEY (workspace_id)
        REFERENCES workspaces (id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('entitlement_thresholds')}
  `;

  protected readonly downSql = `DROP TABLE entitlement_thresholds;`;
}
