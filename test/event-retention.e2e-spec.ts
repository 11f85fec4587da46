/**
 * The daily event retention, as the production login, on every state an old
 * event can be in: it prunes what is finished and keeps whatever can still be
 * replayed or is still on its way — a delivery still retrying, a dead letter,
 * and an event JetStream has not acknowledged. No NATS here, so nothing but
 * the retention job touches the rows the test sets up.
 */
import { randomUUID } from 'node:crypto';
import { SecretBox } from '@keel/platform-crypto';
import { JobQueue } from '@keel/platform-queue';
import { RunningBackboneProbe, startBackboneProbe } from './support/backbone/backbone-probe-app';
import { createKeelTestDatabase, KeelTestDatabase } from './support/keel-on-test-database';
import { signUp } from './support/keel-people';
import { createWorkspace } from './support/keel-tenants';
import { pollUntil } from './support/poll';

/** Older than the default EVENTS_RETENTION_DAYS (30). */
const AGED = '40 days';

interface OldEvent {
  label: string;
  relayedAgo: string;
  natsPending?: boolean;
  delivery?: { status: 'delivered' | 'retrying' | 'dead'; updatedAgo: string };
}

describe('event retention', () => {
  let keel: KeelTestDatabase;
  let probe: RunningBackboneProbe;
  let workspaceId: string;
  const ids = new Map<string, string>();

  const rows = <T>(sql: string, params: unknown[] = []): Promise<T[]> => keel.database.dataSource.query(sql, params);

  async function insertEvent(event: OldEvent): Promise<void> {
    const id = randomUUID();
    ids.set(event.label, id);
    await rows(
      `INSERT INTO outbox (workspace_id, id, type, version, data, occurred_at, relayed_at, nats_pending)
         VALUES ($1, $2, 'retention.probe', 1, jsonb_build_object('label', $3::text),
                 now() - $4::interval, now() - $4::interval, $5)`,
      [workspaceId, id, event.label, event.relayedAgo, event.natsPending ?? false],
    );
    if (event.delivery) {
      await rows(
        `INSERT INTO event_deliveries (workspace_id, id, consumer, event_id, event_type, status, attempts, updated_at)
           VALUES ($1, $2, 'retention-probe', $3, 'retention.probe', $4, 1, now() - $5::interval)`,
        [workspaceId, randomUUID(), id, event.delivery.status, event.delivery.updatedAgo],
      );
    }
  }

  const eventExists = async (label: string) =>
    (await rows('SELECT 1 FROM outbox WHERE id = $1', [ids.get(label)])).length === 1;
  const deliveriesOf = async (label: string) =>
    (await rows<{ status: string }>('SELECT status FROM event_deliveries WHERE event_id = $1', [ids.get(label)])).map(
      (row) => row.status,
    );

  beforeAll(async () => {
    keel = await createKeelTestDatabase();
    probe = await startBackboneProbe(keel.login.url, { KEEL_MASTER_KEY: SecretBox.generateKey() });
    const owner = await signUp(probe.url, 'retention-owner');
    workspaceId = (await createWorkspace(owner, { name: 'Retention Works' })).id;
    for (const event of [
      { label: 'finished', relayedAgo: AGED, delivery: { status: 'delivered', updatedAgo: AGED } },
      { label: 'unconsumed', relayedAgo: AGED },
      { label: 'still retrying', relayedAgo: AGED, delivery: { status: 'retrying', updatedAgo: AGED } },
      { label: 'dead letter', relayedAgo: AGED, delivery: { status: 'dead', updatedAgo: AGED } },
      { label: 'not acknowledged by JetStream', relayedAgo: AGED, natsPending: true },
      { label: 'recent', relayedAgo: '1 hour', delivery: { status: 'delivered', updatedAgo: '1 hour' } },
    ] satisfies OldEvent[]) {
      await insertEvent(event);
    }

    await probe.app.get(JobQueue).trigger('events.retention');
    // The job prunes deliveries first, then events: the last old event gone means the run is over.
    await pollUntil(
      'the finished and unconsumed events pruned',
      async () => [await eventExists('finished'), await eventExists('unconsumed')],
      (exist) => exist.every((exists) => !exists),
    );
  });

  afterAll(async () => {
    await probe?.close();
    await keel?.database.drop();
  });

  it('should prune an old event and its completed delivery', async () => {
    expect(await eventExists('finished')).toBe(false);
    expect(await deliveriesOf('finished')).toEqual([]);
  });

  it('should prune an old event no consumer took', async () => {
    expect(await eventExists('unconsumed')).toBe(false);
  });

  it('should keep an old event whose delivery is still retrying, with its delivery', async () => {
    expect(await eventExists('still retrying')).toBe(true);
    expect(await deliveriesOf('still retrying')).toEqual(['retrying']);
  });

  it('should keep an old dead letter, so it can still be replayed', async () => {
    expect(await eventExists('dead letter')).toBe(true);
    expect(await deliveriesOf('dead letter')).toEqual(['dead']);
  });

  it('should keep an old event JetStream has not acknowledged yet', async () => {
    expect(await eventExists('not acknowledged by JetStream')).toBe(true);
  });

  it('should keep events younger than EVENTS_RETENTION_DAYS', async () => {
    expect(await eventExists('recent')).toBe(true);
    expect(await deliveriesOf('recent')).toEqual(['delivered']);
  });
});
