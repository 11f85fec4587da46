import { SqlMigration } from '@keel/platform-database';

/**
 * An endpoint's secret can be rotated: the secret it replaces stays valid,
 * sealed beside the new one, until `previous_secret_expires_at` (24 hours),
 * and every attempt meanwhile is signed with both.
 */
export class WebhookSecretRotation1764000006500 extends SqlMigration {
  readonly name = 'WebhookSecretRotation1764000006500';

  protected readonly upSql = `
    ALTER TABLE webhook_endpoints
      ADD COLUMN previous_secret_sealed text,
      ADD COLUMN previous_secret_expires_at timestamptz,
      ADD CONSTRAINT webhook_endpoints_previous_secret_expiry
        CHECK ((previous_secret_sealed IS NULL) = (previous_secret_expires_at IS NULL));
  `;

  protected readonly downSql = `
    ALTER TABLE webhook_endpoints
      DROP CONSTRAINT webhook_endpoints_previous_secret_expiry,
      DROP COLUMN previous_secret_expires_at,
      DROP COLUMN previous_secret_sealed;
  `;
}
