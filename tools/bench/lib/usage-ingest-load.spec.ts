import { USAGE_BATCH, usageBatchBody } from './usage-ingest-load';

describe('usageBatchBody', () => {
  const at = new Date('2026-12-07T10:00:00.000Z');

  it('should be a JSON batch of the route’s maximum size, every event well-formed and stamped as asked', () => {
    const { events } = JSON.parse(usageBatchBody('run', 0, at)) as {
      events: { id: string; type: string; timestamp: string; value: number; properties: { region: string } }[];
    };
    expect(events).toHaveLength(USAGE_BATCH);
    for (const event of events) {
      expect(Object.keys(event).sort()).toEqual(['id', 'properties', 'timestamp', 'type', 'value']);
      expect(event.timestamp).toBe(at.toISOString());
      expect(event.value).toBeGreaterThanOrEqual(1);
      expect(['eu', 'us', 'ap']).toContain(event.properties.region);
    }
  });

  it('should never repeat an id within a batch or across consecutive batches', () => {
    const ids = (first: number) =>
      (JSON.parse(usageBatchBody('run', first, at)) as { events: { id: string }[] }).events.map((event) => event.id);
    const all = [...ids(0), ...ids(USAGE_BATCH)];
    expect(new Set(all).size).toBe(2 * USAGE_BATCH);
  });
});
