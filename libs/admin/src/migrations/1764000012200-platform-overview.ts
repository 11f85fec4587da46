import { SqlMigration } from '@keel/platform-database';

/**
 * The platform overview's cache: one row per figure, computed by a scheduled
 * job (or on demand) so that serving GET /v1/admin/overview never scans the
 * big tables. Global (no workspace): the figures span them.
 */
export class PlatformOverview1764000012200 extends SqlMigration {
  readonly name = 'PlatformOverview1764000012200';

  protected readonly upSql = `
    CREATE TABLE platform_overview_figures (
      name text NOT NULL,
      value jsonb NULL,
      computed_at timestamptz NOT NULL,
      CONSTRAINT platform_overview_figures_pkey PRIMARY KEY (name)
    );
  `;

  protected readonly downSql = `DROP TABLE platform_overview_figures;`;
}
