import { Client } from 'pg';
import { BASELINE_EVENTS_CHANNEL, BASELINE_EVENTS_TABLE } from './baseline-events-table';

/** Rows taken per statement. */
const BATCH_SIZE = 100;
/** A safety net for a missed notification, as Keel's relay polls (OUTBOX_POLL_INTERVAL_MS). */
const POLL_INTERVAL_MS = 5_000;

/**
 * Takes the oldest rows not yet taken, skipping rows another consumer holds,
 * stamps them and hands them over: one statement, so one transaction, and
 * `now()` is when it began.
 */
const TAKE_BATCH_SQL = `
  WITH next AS (
    SELECT id FROM ${BASELINE_EVENTS_TABLE}
     WHERE picked_at IS NULL
     ORDER BY id
     LIMIT $1
     FOR UPDATE SKIP LOCKED
  )
  UPDATE ${BASELINE_EVENTS_TABLE} e SET picked_at = now()
    FROM next
   WHERE e.id = next.id
  RETURNING e.id, e.workspace_id, e.type, e.data`;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

function connect(url: string, applicationName: string): Client {
  return new Client({
    connectionString: url,
    application_name: applicationName,
    options: '-c TimeZone=UTC -c statement_timeout=30000',
  });
}

/**
 * The floor of the event pipeline: the consumer loop an engineer writes by
 * hand in an afternoon, in a process of its own. One connection LISTENs on
 * the table's channel, another takes batches of rows with FOR UPDATE SKIP
 * LOCKED until none are left; a notification that comes while it works makes
 * it look once more, and a slow poll covers a missed one. It does nothing
 * with the rows but take them: Keel's pickup is timed at its consumer's
 * claim, before the consumer's own work.
 */
async function main(): Promise<void> {
  const url = required('DATABASE_URL');
  const listener = connect(url, 'keel-bench-skip-locked-listen');
  const worker = connect(url, 'keel-bench-skip-locked');
  await listener.connect();
  await worker.connect();

  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const drain = async (): Promise<void> => {
    do {
      again = false;
      let taken = BATCH_SIZE;
      while (taken === BATCH_SIZE && !stopped) {
        const result = await worker.query(TAKE_BATCH_SQL, [BATCH_SIZE]);
        taken = result.rowCount ?? 0;
      }
    } while (again && !stopped);
  };
  const kick = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch((error: unknown) => console.error(`take failed; the next notification or poll retries: ${String(error)}`))
      .finally(() => (running = undefined));
  };

  listener.on('notification', kick);
  await listener.query(`LISTEN ${BASELINE_EVENTS_CHANNEL}`);
  const poll = setInterval(kick, POLL_INTERVAL_MS);
  kick();
  // The runner waits for this line before it produces anything.
  process.stderr.write('listening\n');

  const stop = (): void => {
    stopped = true;
    clearInterval(poll);
    void (running ?? Promise.resolve())
      .then(() => Promise.all([listener.end(), worker.end()]))
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
