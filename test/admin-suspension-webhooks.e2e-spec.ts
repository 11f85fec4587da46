/**
 * A suspended workspace's webhooks wait: an attempt due while the workspace
 * is on hold is not sent and costs no attempt, and goes once it is restored —
 * through the built API and its worker, to a real receiver, as the
 * production login.
 */
import { answerOf, bodyOf } from './support/keel-answers';
import { bearerRequest } from './support/keel-admins';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import { createProject } from './support/keel-projects';
import { createWorkspace } from './support/keel-tenants';
import { pollUntil } from './support/poll';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

const PATH = '/suspended-hooks';

describe('webhooks of a suspended workspace', () => {
  let keel: KeelOnTestDatabase;
  let receiver: WebhookReceiver;
  let admin: SignedInPerson;
  let owner: SignedInPerson;
  let workspaceId: string;

  const rows = <T>(sql: string, parameters: unknown[] = []): Promise<T[]> =>
    keel.database.dataSource.query(sql, parameters);
  const asAdmin = async (path: string, body: unknown) => {
    const answer = await bearerRequest(`${keel.keel.url}${path}`, admin.accessToken, 'POST', body);
    expect([answer.status, answer.text]).toEqual([200, expect.any(String)]);
  };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    keel = await startKeelOnTestDatabase({ WEBHOOK_ALLOW_PRIVATE: 'true', LOG_LEVEL: 'warn' });
    admin = await signUp(keel.keel.url, 'hooks-admin');
    await rows(`INSERT INTO platform_admins (user_id, granted_by) VALUES ($1, 'cli:e2e')`, [admin.userId]);
    owner = await signUp(keel.keel.url, 'hooks-owner');
    workspaceId = (await createWorkspace(owner, { name: 'Held Hooks' })).id;
    const endpoint = bodyOf(
      await answerOf(
        owner.client.POST('/v1/workspaces/{workspaceId}/webhook-endpoints', {
          params: { path: { workspaceId } },
          body: { url: receiver.url(PATH), eventTypes: ['project.created'] },
        }),
      ),
      201,
    );
    receiver.expectSecret(PATH, endpoint.secret);
  });

  afterAll(async () => {
    await keel?.stop();
    await receiver?.close();
  });

  it('should hold a due attempt unsent while the workspace is suspended, and send it once restored', async () => {
    // The first attempt fails, so the next is due 5 s later — by then the workspace is suspended.
    receiver.answer(PATH, 503);
    await createProject(owner, workspaceId, { key: 'HOLD', name: 'Before the hold' });
    await receiver.waitFor(PATH, 'the first attempt', (received) => received.length === 1);
    await asAdmin(`/v1/admin/workspaces/${workspaceId}/suspend`, { reason: 'Billing dispute' });
    receiver.answer(PATH, 204);

    const delivery = () =>
      rows<{ status: string; attempt_count: number; next_attempt_at: Date }>(
        `SELECT status, attempt_count, next_attempt_at FROM webhook_deliveries WHERE workspace_id = $1`,
        [workspaceId],
      ).then(([row]) => row);
    // Held: the due attempt moved its next attempt a minute on, without sending or spending it.
    const held = await pollUntil(
      'the due attempt held',
      delivery,
      (row) => row.next_attempt_at.getTime() > Date.now() + 30_000,
    );
    expect(held).toMatchObject({ status: 'pending', attempt_count: 1 });
    expect(receiver.received(PATH)).toHaveLength(1);

    await asAdmin(`/v1/admin/workspaces/${workspaceId}/restore`, {});
    const delivered = await pollUntil(
      'the held attempt sent after the restore',
      delivery,
      (row) => row.status === 'delivered',
      {
        timeoutMs: 120_000,
      },
    );
    expect(delivered.attempt_count).toBe(2);
    const received = receiver.received(PATH);
    expect(received.map((request) => [request.verified, request.answeredWith])).toEqual([
      [true, 503],
      [true, 204],
    ]);
    // The same message both times, so a receiver deduplicates it.
    expect(received[1].headers['webhook-id']).toBe(received[0].headers['webhook-id']);
  }, 180_000);
});
