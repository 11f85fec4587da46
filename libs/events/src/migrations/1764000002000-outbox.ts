import { SqlMigration, tenantIsolationSql } from '@keel/platform-database';

/** The transactional outbox: domain events committed with the changes they report. */
export class Outbox1764000002000 extends SqlMigration {
  readonly name = 'Outbox1764000002000';

  protected readonly upSql = `
    CREATE TABLE outbox (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      type text NOT NULL,
      version integer NOT NULL,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      actor_type text NULL,
      actor_id uuid NULL,
      data jsonb NOT NULL DEFAULT '{}',
      traceparent text NULL,
      causation_id uuid NULL,
      depth integer NOT NULL DEFAULT 0,
      relayed_at timestamptz NULL,
      CONSTRAINT outbox_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT outbox_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    -- The relay's queue: only rows still to relay, in order, across workspaces.
    CREATE INDEX outbox_unrelayed_idx ON outbox (id) WHERE relayed_at IS NULL;
    -- A workspace's recent events, optionally of one type.
    CREATE INDEX outbox_workspace_id_type_id_idx ON outbox (workspace_id, type, id);
    ${tenantIsolationSql('outbox')}
  `;

  protected readonly downSql = `DROP TABLE outbox;`;
}
