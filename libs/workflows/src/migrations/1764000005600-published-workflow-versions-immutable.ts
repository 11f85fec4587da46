import { SqlMigration } from '@keel/platform-database';

/**
 * A published workflow version is immutable: projects record the version they
 * run on and its content hash names its content. The service never edits one;
 * this trigger makes the database refuse it too (a bug, a hand-written
 * UPDATE). Its status may still move (active → retired), since that is not
 * its content. Moving it to another workspace is row-level security's to
 * refuse, as for every tenant row.
 */
export class PublishedWorkflowVersionsImmutable1764000005600 extends SqlMigration {
  readonly name = 'PublishedWorkflowVersionsImmutable1764000005600';

  protected readonly upSql = `
    CREATE FUNCTION workflow_versions_keep_published() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.published_at IS NOT NULL AND (
           NEW.states IS DISTINCT FROM OLD.states
        OR NEW.transitions IS DISTINCT FROM OLD.transitions
        OR NEW.initial_state IS DISTINCT FROM OLD.initial_state
        OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
        OR NEW.number IS DISTINCT FROM OLD.number
        OR NEW.published_at IS DISTINCT FROM OLD.published_at
        OR NEW.id IS DISTINCT FROM OLD.id) THEN
        RAISE EXCEPTION 'workflow version % is published: its content cannot change', OLD.id
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END
    $$;
    CREATE TRIGGER workflow_versions_keep_published BEFORE UPDATE ON workflow_versions
      FOR EACH ROW EXECUTE FUNCTION workflow_versions_keep_published();
  `;

  protected readonly downSql = `
    DROP TRIGGER workflow_versions_keep_published ON workflow_versions;
    DROP FUNCTION workflow_versions_keep_published();
  `;
}
