import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

/** How long one read may wait for messages the stream said it holds. */
const FETCH_EXPIRES_MS = 5_000;

/**
 * The message id (Nats-Msg-Id) of every message the stream holds on
 * `subject` (wildcards allowed), in stream order; a message id stored twice
 * appears twice.
 */
export async function messageIdsOn(natsUrl: string, stream: string, subject: string): Promise<string[]> {
  const connection = await connect({ servers: natsUrl });
  try {
    const manager = await jetstreamManager(connection);
    const info = await manager.streams.info(stream, { subjects_filter: subject });
    const stored = Object.values(info.state.subjects ?? {}).reduce((sum, count) => sum + count, 0);
    if (stored === 0) return [];
    const consumer = await jetstream(connection).consumers.get(stream, { filter_subjects: subject });
    const ids: string[] = [];
    for await (const message of await consumer.fetch({ max_messages: stored, expires: FETCH_EXPIRES_MS })) {
      ids.push(message.headers?.get('Nats-Msg-Id') ?? '(no message id)');
      if (ids.length === stored) break;
    }
    return ids;
  } finally {
    await connection.close();
  }
}
