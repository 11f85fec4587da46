import { SqlMigration } from '@keel/platform-database';

/**
 * Platform admins count each workspace's documents and stored bytes (and the
 * platform's, for the overview) in their owner door, like its members and
 * projects: a read-only policy for keel_owner on documents. Restricted
 * documents are counted too: the owner door says so for its own
 * transaction (`app.documents_restricted`), never a workspace route.
 */
export class AdminDocumentReads1764000015800 extends SqlMigration {
  readonly name = 'AdminDocumentReads1764000015800';

  protected readonly upSql = `
    CREATE POLICY documents_platform_admin_read ON documents FOR SELECT TO keel_owner USING (true);
  `;

  protected readonly downSql = `DROP POLICY documents_platform_admin_read ON documents;`;
}
