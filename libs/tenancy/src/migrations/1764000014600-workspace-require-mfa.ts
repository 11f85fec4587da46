import { SqlMigration } from '@keel/platform-database';

/** A workspace may require its members' sessions to have a second factor (`aal2`); API keys are not affected. */
export class WorkspaceRequireMfa1764000014600 extends SqlMigration {
  readonly name = 'WorkspaceRequireMfa1764000014600';

  protected readonly upSql = `ALTER TABLE workspaces ADD COLUMN require_mfa boolean NOT NULL DEFAULT false;`;

  protected readonly downSql = `ALTER TABLE workspaces DROP COLUMN require_mfa;`;
}
