import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import {
  BASELINE_EVENTS_DDL,
  BASELINE_EVENTS_TABLE,
  INSERT_BASELINE_EVENT_SQL,
} from '../baseline/baseline-events-table';
import type { Pace } from './event-pipeline-result';
import { sendPaced } from './paced-sends';
import type { PickupSample } from './pickup-stats';
import { countFailure, PipelineSide, ProducedEvents, RunWindow } from './pipeline-side';

const CONSUMER_ENTRY = 'tools/bench/baseline/skip-locked-consumer.ts';
const WORKSPACE_ROOT = resolve(__dirname, '../../..');
/** How long the consumer process may take to start (it is compiled on load). */
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

export interface SkipLockedSettings {
  databaseUrl: string;
  /** The producers' pool: as many connections as Keel's API has. */
  poolMax: number;
  /** The events are spread over these workspaces, as Keel's are. */
  workspaceIds: string[];
  eventType: string;
}

interface ConsumerProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<void>;
}

/** The consumer loop in a process of its own (its own event loop, like Keel's worker), once it LISTENs. */
async function startConsumer(databaseUrl: string): Promise<ConsumerProcess> {
  const child = spawn(process.execPath, ['--require', '@swc-node/register', CONSUMER_ENTRY], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  const listening = new Promise<void>((ready, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`The SKIP LOCKED consumer did not start:\n${output}`)),
      START_TIMEOUT_MS,
    );
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening\n')) {
        clearTimeout(timer);
        ready();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      fail(new Error(`The SKIP LOCKED consumer exited during start-up:\n${output}`));
    });
  });
  await listening;
  return { child, output: () => output, exited };
}

/** The data of one event: a recent Keel event's, so both sides move the same jsonb around. */
async function samplePayload(pool: Pool, eventType: string): Promise<unknown> {
  const { rows } = await pool.query<{ data: unknown }>(
    `SELECT data FROM outbox WHERE type = ANY($1::text[]) ORDER BY id DESC LIMIT 1`,
    [[eventType, 'project.created']],
  );
  return rows[0]?.data ?? {};
}

interface PickupRow {
  occurred: number;
  picked: number | null;
}

/**
 * The floor: a hand-written SKIP LOCKED loop (tools/bench/baseline/skip-locked-consumer.ts)
 * on a table like the outbox, with the same NOTIFY-at-commit trigger; the
 * producers insert one event per transaction with raw `pg`, from a pool as
 * large as Keel's API's, at the same pace and in the same number as Keel's.
 * The pickup of an event is its `picked_at`, the `now()` of the statement
 * that took it.
 */
export async function startSkipLockedSide(settings: SkipLockedSettings): Promise<PipelineSide> {
  const pool = new Pool({
    connectionString: settings.databaseUrl,
    max: settings.poolMax,
    application_name: 'keel-bench-skip-locked-producer',
    options: '-c TimeZone=UTC -c statement_timeout=30000',
  });
  let consumer: ConsumerProcess | undefined;
  let stopping: Promise<void> | undefined;
  try {
    await pool.query(BASELINE_EVENTS_DDL);
    consumer = await startConsumer(settings.databaseUrl);
  } catch (error) {
    consumer?.child.kill('SIGTERM');
    await pool.end();
    throw error;
  }
  const running = consumer;
  const payload = JSON.stringify(await samplePayload(pool, settings.eventType));
  const inWindow = 'occurred_at BETWEEN $1 AND $2';
  const backlog = async (): Promise<number> => {
    const { rows } = await pool.query<{ backlog: number }>(
      `SELECT count(*)::int AS backlog FROM ${BASELINE_EVENTS_TABLE} WHERE picked_at IS NULL`,
    );
    return rows[0]?.backlog ?? 0;
  };

  return {
    name: 'baseline',
    label: 'loop',
    consumerPid: running.child.pid,

    backlog,

    async describeBacklog() {
      return `${await backlog()} ${BASELINE_EVENTS_TABLE} rows not taken`;
    },

    /** Each run starts on an empty table. */
    async prepare() {
      await pool.query(`TRUNCATE ${BASELINE_EVENTS_TABLE} RESTART IDENTITY`);
    },

    async produce(count: number, pace: Pace): Promise<ProducedEvents> {
      const failed = new Map<string, number>();
      let committed = 0;
      await sendPaced(count, pace, async (index) => {
        const workspaceId = settings.workspaceIds[index % settings.workspaceIds.length];
        try {
          // The time is taken once a connection is held, as Keel takes it inside its open transaction:
          // waiting for the pool is not the pipeline's.
          const client = await pool.connect();
          try {
            await client.query(INSERT_BASELINE_EVENT_SQL, [workspaceId, settings.eventType, payload, new Date()]);
          } finally {
            client.release();
          }
          committed += 1;
        } catch (error) {
          countFailure(failed, error instanceof Error ? error.message : String(error));
        }
      });
      return { committed, failed };
    },

    async pending(window: RunWindow) {
      const { rows } = await pool.query<{ pending: number }>(
        `SELECT count(*)::int AS pending FROM ${BASELINE_EVENTS_TABLE} WHERE picked_at IS NULL AND ${inWindow}`,
        [window.from, window.to],
      );
      return rows[0]?.pending ?? 0;
    },

    async pickups(window: RunWindow): Promise<PickupSample[]> {
      const { rows } = await pool.query<PickupRow>(
        `SELECT (extract(epoch FROM occurred_at) * 1000)::float8 AS occurred,
                (extract(epoch FROM picked_at) * 1000)::float8 AS picked
           FROM ${BASELINE_EVENTS_TABLE} WHERE ${inWindow}`,
        [window.from, window.to],
      );
      return rows.map((row) => ({
        occurredAtMs: row.occurred,
        ...(row.picked === null ? {} : { pickedAtMs: row.picked }),
      }));
    },

    assertAlive() {
      if (running.child.exitCode !== null || running.child.signalCode !== null) {
        throw new Error(`The SKIP LOCKED consumer exited during the run:\n${running.output()}`);
      }
    },

    stop() {
      stopping ??= (async () => {
        if (running.child.exitCode === null && running.child.signalCode === null) {
          running.child.kill('SIGTERM');
          const killer = setTimeout(() => running.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
          await running.exited;
          clearTimeout(killer);
        }
        await pool.end();
      })();
      return stopping;
    },
  };
}
