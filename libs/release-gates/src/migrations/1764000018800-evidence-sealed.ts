import { SqlMigration } from '@keel/platform-database';

/**
 * Evidence bytes sealed under the master key (`content_sealed`, SecretBox
 * text): from now on `content` stays NULL. Items stored before keep their
 * bytes in `content` as they were (no master key reaches a migration); the
 * chain check reads either. keel_owner reaches every row so `crypto:rotate`
 * can re-seal them.
 */
export class EvidenceSealed1764000018800 extends SqlMigration {
  readonly name = 'EvidenceSealed1764000018800';

  protected readonly upSql = `
    ALTER TABLE evidence_items ADD COLUMN content_sealed text NULL;
    ALTER TABLE evidence_items ALTER COLUMN content DROP NOT NULL;
    ALTER TABLE evidence_items ADD CONSTRAINT evidence_items_content_present
      CHECK (content IS NOT NULL OR content_sealed IS NOT NULL);
    CREATE POLICY evidence_items_key_rotation ON evidence_items FOR ALL TO keel_owner USING (true) WITH CHECK (true);
  `;

  protected readonly downSql = `
    DROP POLICY evidence_items_key_rotation ON evidence_items;
    ALTER TABLE evidence_items DROP CONSTRAINT evidence_items_content_present;
    ALTER TABLE evidence_items DROP COLUMN content_sealed;
  `;
}
