/** The baseline's event table: what an outbox is when written by hand. */
export const BASELINE_EVENTS_TABLE = 'baseline_events';

/** The channel its insert trigger NOTIFYs at commit, as Keel's outbox trigger does `keel_outbox`. */
export const BASELINE_EVENTS_CHANNEL = 'baseline_events';

/**
 * The table, its index of rows still to take (like `outbox_unrelayed_idx`),
 * and a statement-level trigger that NOTIFYs at commit, like Keel's
 * `outbox_notify`. Run once, by the bench runner, before the consumer starts.
 */
export const BASELINE_EVENTS_DDL = `
  CREATE TABLE IF NOT EXISTS ${BASELINE_EVENTS_TABLE} (
    id bigserial PRIMARY KEY,
    workspace_id uuid NOT NULL,
    type text NOT NULL,
    data jsonb NOT NULL,
    occurred_at timestamptz NOT NULL,
    picked_at timestamptz NULL
  );
  CREATE INDEX IF NOT EXISTS ${BASELINE_EVENTS_TABLE}_unpicked_idx ON ${BASELINE_EVENTS_TABLE} (id)
    WHERE picked_at IS NULL;
  CREATE OR REPLACE FUNCTION ${BASELINE_EVENTS_TABLE}_notify() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_notify('${BASELINE_EVENTS_CHANNEL}', '');
    RETURN NULL;
  END $$;
  DROP TRIGGER IF EXISTS ${BASELINE_EVENTS_TABLE}_notify ON ${BASELINE_EVENTS_TABLE};
  CREATE TRIGGER ${BASELINE_EVENTS_TABLE}_notify AFTER INSERT ON ${BASELINE_EVENTS_TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION ${BASELINE_EVENTS_TABLE}_notify();
`;

/** One event, in a transaction of its own: its time is taken just before, as Keel's outbox takes `occurred_at`. */
export const INSERT_BASELINE_EVENT_SQL = `
  INSERT INTO ${BASELINE_EVENTS_TABLE} (workspace_id, type, data, occurred_at) VALUES ($1, $2, $3, $4)`;
