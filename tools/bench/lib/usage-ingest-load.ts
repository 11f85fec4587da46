import { Client } from 'pg';
import type { BenchRequest, ConnectionContext, DynamicBenchRequest } from './bench-request';
import type { BenchAccount } from './scenarios';
import type { WriteLoad } from './write-load';

/** Events per `POST …/usage-events`: the route's maximum, as a metering integration batches. */
export const USAGE_BATCH = 1_000;
/** The event type the load reports and the meter it seeds counts (sum of `value`, grouped by `region`). */
const EVENT_TYPE = 'bench.call';
const METER = { key: 'bench_calls', eventType: EVENT_TYPE, aggregation: 'sum', groupBy: ['region'] };
const REGIONS = ['eu', 'us', 'ap'];

/** A workspace the load reports usage to, as its owner. */
export interface UsageLane {
  workspaceId: string;
  account: BenchAccount;
}

/**
 * One batch of `USAGE_BATCH` events, every id new (a prefix of the run and a
 * counter), stamped now: the body is built as text, not with JSON.stringify
 * of objects, so the bench client spends little of the CPU it shares with
 * both targets on it.
 */
export function usageBatchBody(idPrefix: string, firstSerial: number, at: Date, size = USAGE_BATCH): string {
  const timestamp = at.toISOString();
  const events: string[] = [];
  for (let i = 0; i < size; i += 1) {
    const serial = firstSerial + i;
    events.push(
      `{"id":"${idPrefix}-${serial}","type":"${EVENT_TYPE}","timestamp":"${timestamp}","value":${(serial % 7) + 1},` +
        `"properties":{"region":"${REGIONS[serial % REGIONS.length]}"}}`,
    );
  }
  return `{"events":[${events.join(',')}]}`;
}

function usagePost(lane: UsageLane, body: string): BenchRequest {
  return {
    method: 'POST',
    path: `/v1/workspaces/${lane.workspaceId}/usage-events`,
    headers: { authorization: `Bearer ${lane.account.accessToken}`, 'content-type': 'application/json' },
    body,
  };
}

interface IngestionTally {
  accepted: number;
  duplicates: number;
  rejected: unknown[];
}

async function postBatch(url: string, lane: UsageLane, body: string): Promise<IngestionTally> {
  const request = usagePost(lane, body);
  const response = await fetch(`${url}${request.path}`, { method: 'POST', headers: request.headers, body });
  const text = await response.text();
  if (response.status !== 202) throw new Error(`POST ${request.path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as IngestionTally;
}

/**
 * `POST …/usage-events` in batches of 1,000 new events, spread over the
 * seeded workspaces (round robin): every batch is new, so both targets
 * insert every event, through the same unique index (the dedupe) into the
 * same table. Only a 202 counts; anything else is a refusal.
 */
export class UsageIngestLoad implements WriteLoad {
  readonly requests: BenchRequest[];
  private readonly refused = new Map<number, number>();
  /** Distinct per run, so a second run on the same database never reports a duplicate. */
  private readonly runPrefix = `bench-${Date.now().toString(36)}`;
  private serial = 0;
  private nextLane = 0;

  constructor(private readonly lanes: UsageLane[]) {
    this.requests = [this.request()];
  }

  get distinctTargets(): number {
    return this.lanes.length;
  }

  private nextBody(): { lane: UsageLane; body: string } {
    const lane = this.lanes[this.nextLane % this.lanes.length];
    this.nextLane += 1;
    const body = usageBatchBody(this.runPrefix, this.serial, new Date());
    this.serial += USAGE_BATCH;
    return { lane, body };
  }

  private request(): DynamicBenchRequest {
    return {
      method: 'POST',
      path: '/v1/workspaces/{workspaceId}/usage-events',
      setupRequest: (request: BenchRequest, _context: ConnectionContext) => {
        const { lane, body } = this.nextBody();
        return { ...request, ...usagePost(lane, body) };
      },
      onResponse: (status: number) => {
        if (status !== 202) this.refused.set(status, (this.refused.get(status) ?? 0) + 1);
      },
    };
  }

  refusals(): ReadonlyMap<number, number> {
    return this.refused;
  }

  async sync(): Promise<void> {
    this.refused.clear();
  }

  /**
   * Gives every workspace the meter (so Keel rolls the events up, as it would
   * in use), then sends one batch to each target and one batch again to
   * each: both must accept every new event, count every repeat as a
   * duplicate, and have stored each event once.
   */
  async assertSameWrites(keelUrl: string, baselineUrl: string, databaseUrl: string): Promise<void> {
    for (const lane of this.lanes) await this.ensureMeter(keelUrl, lane);
    const [lane] = this.lanes;
    if (!lane) throw new Error('The usage load has no workspaces to report to.');
    for (const [name, url] of [
      ['Keel', keelUrl],
      ['the baseline', baselineUrl],
    ] as const) {
      const { body } = this.nextBody();
      const first = await postBatch(url, lane, body);
      const again = await postBatch(url, lane, body);
      const expected = { accepted: USAGE_BATCH, duplicates: 0, rejected: [] };
      const repeated = { accepted: 0, duplicates: USAGE_BATCH, rejected: [] };
      if (JSON.stringify(first) !== JSON.stringify(expected) || JSON.stringify(again) !== JSON.stringify(repeated)) {
        throw new Error(
          `${name} tallied a new batch as ${JSON.stringify(first)} and the same batch again as ` +
            `${JSON.stringify(again)}; expected ${JSON.stringify(expected)} then ${JSON.stringify(repeated)}.`,
        );
      }
    }
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ stored: string }>(
        'SELECT count(*) AS stored FROM usage_events WHERE workspace_id = $1 AND id LIKE $2',
        [lane.workspaceId, `${this.runPrefix}-%`],
      );
      if (Number(rows[0]?.stored) !== 2 * USAGE_BATCH) {
        throw new Error(`Expected ${2 * USAGE_BATCH} stored usage events after the check, found ${rows[0]?.stored}.`);
      }
    } finally {
      await client.end();
    }
  }

  private async ensureMeter(keelUrl: string, lane: UsageLane): Promise<void> {
    const response = await fetch(`${keelUrl}/v1/workspaces/${lane.workspaceId}/meters`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lane.account.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(METER),
    });
    // 409: the meter is there from an earlier check of this run.
    if (response.status !== 201 && response.status !== 200 && response.status !== 409) {
      throw new Error(`POST /meters answered ${response.status}: ${await response.text()}`);
    }
  }
}
