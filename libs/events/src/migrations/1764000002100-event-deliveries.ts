import { SqlMigration, tenantIsolationSql } from '@keel/platform-database';

/**
 * The relay's access and wake-up, and what consumers record: the relay runs
 * as the login (a member of keel_owner, never keel_app) across workspaces;
 * an outbox insert NOTIFYs it at commit.
 */
export class EventDeliveries1764000002100 extends SqlMigration {
  readonly name = 'EventDeliveries1764000002100';

  protected readonly upSql = `
    CREATE POLICY outbox_relay ON outbox FOR ALL TO keel_owner USING (true) WITH CHECK (true);

    CREATE FUNCTION keel_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('keel_outbox', '');
      RETURN NULL;
    END $$;
    CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION keel_outbox_notify();

    CREATE TABLE event_deliveries (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      consumer text NOT NULL,
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      status text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      last_error text NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      delivered_at timestamptz NULL,
      CONSTRAINT event_deliveries_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT event_deliveries_workspace_id_consumer_event_id_key UNIQUE (workspace_id, consumer, event_id),
      CONSTRAINT event_deliveries_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('event_deliveries')}
  `;

  protected readonly downSql = `
    DROP TABLE event_deliveries;
    DROP TRIGGER outbox_notify ON outbox;
    DROP FUNCTION keel_outbox_notify();
    DROP POLICY outbox_relay ON outbox;
  `;
}
