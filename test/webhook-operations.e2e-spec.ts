/**
 * Operating webhook endpoints the way Svix users do: rotating a signing
 * secret without dropping a delivery (both secrets sign for 24 hours), sending
 * a test message to one endpoint, and replaying every failed delivery of an
 * endpoint since a time in one call. Every signature is checked with the
 * Standard Webhooks library, as a customer's receiver would.
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { Answer, answerOf, bodyOf, Schema } from './support/keel-answers';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { createWorkspace } from './support/keel-tenants';
import { SignedInPerson, signUp } from './support/keel-people';
import { pollUntil } from './support/poll';
import { expectProblem } from './support/problem-details';
import { ReceivedWebhook, startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

type Endpoint = Schema<'CreatedWebhookEndpointResponse'>;
type Delivery = Schema<'WebhookDeliveryResponse'>;

const HOUR_MS = 3_600_000;

/** The three Standard Webhooks headers of a received request, as the verifier takes them. */
function signedHeaders(request: ReceivedWebhook): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

function verifiesWith(secret: string, request: ReceivedWebhook): boolean {
  try {
    new Webhook(secret).verify(request.body, signedHeaders(request));
    return true;
  } catch (error) {
    if (error instanceof WebhookVerificationError) return false;
    throw error;
  }
}

describe('webhook endpoint operations', () => {
  let keel: KeelOnTestDatabase;
  let receiver: WebhookReceiver;
  let owner: SignedInPerson;
  let workspaceId: string;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    keel = await startKeelOnTestDatabase({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    owner = await signUp(keel.keel.url, 'webhook-ops-owner');
    workspaceId = (await createWorkspace(owner, { name: 'Webhook Operations' })).id;
  });

  afterAll(async () => {
    await keel?.stop();
    await receiver?.close();
  });

  async function createEndpoint(path: string, eventTypes: string[]): Promise<Endpoint> {
    const answer = await answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/webhook-endpoints', {
        params: { path: { workspaceId } },
        body: { url: receiver.url(path), eventTypes },
      }),
    );
    const endpoint = bodyOf(answer, 201);
    receiver.expectSecret(path, endpoint.secret);
    return endpoint;
  }

  function rotate(endpointId: string): Promise<Answer<Endpoint>> {
    return answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}/rotate-secret', {
        params: { path: { workspaceId, endpointId } },
      }),
    );
  }

  function sendTest(endpointId: string): Promise<Answer<Delivery>> {
    return answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}/test', {
        params: { path: { workspaceId, endpointId } },
      }),
    );
  }

  function replay(endpointId: string, since: string): Promise<Answer<Schema<'ReplayedDeliveriesResponse'>>> {
    return answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}/replay', {
        params: { path: { workspaceId, endpointId } },
        body: { since },
      }),
    );
  }

  async function deliveriesOf(endpointId: string): Promise<Delivery[]> {
    const answer = await answerOf(
      owner.client.GET('/v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}/deliveries', {
        params: { path: { workspaceId, endpointId }, query: { limit: 100 } },
      }),
    );
    return bodyOf(answer, 200).data;
  }

  /** The request that carried `delivery` to the receiver (its webhook-id is the delivery's). */
  async function requestOf(path: string, delivery: Delivery): Promise<ReceivedWebhook> {
    const [request] = await receiver.waitFor(path, `delivery ${delivery.id}`, (received) =>
      received.some((entry) => entry.headers['webhook-id'] === delivery.webhookId),
    );
    const found = receiver.received(path).find((entry) => entry.headers['webhook-id'] === delivery.webhookId);
    return found ?? request;
  }

  function disable(endpointId: string): Promise<Answer<unknown>> {
    return answerOf(
      owner.client.PATCH('/v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}', {
        params: { path: { workspaceId, endpointId } },
        body: { enabled: false },
      }),
    );
  }

  describe('sending a test message', () => {
    it('should deliver a signed webhook_endpoint.tested message to that endpoint only, in no event feed', async () => {
      const endpoint = await createEndpoint('/test-target', ['webhook_endpoint.tested']);
      const bystander = await createEndpoint('/test-bystander', ['*']);

      const delivery = bodyOf(await sendTest(endpoint.id), 202);

      expect(delivery).toMatchObject({ endpointId: endpoint.id, eventType: 'webhook_endpoint.tested' });
      const request = await requestOf('/test-target', delivery);
      expect(request.verified).toBe(true);
      expect(request.payload).toMatchObject({
        type: 'webhook_endpoint.tested',
        version: 1,
        workspaceId,
        actor: { type: 'user', id: owner.userId },
        data: { endpointId: endpoint.id },
      });
      await pollUntil(
        'the test delivery recorded as delivered',
        async () => (await deliveriesOf(endpoint.id)).find((candidate) => candidate.id === delivery.id),
        (found) => found?.status === 'delivered',
      );
      // The bystander takes every event type, so the workspace's own events (member.added from its creation, relayed
      // whenever the relay gets to it) may reach it; the test message must not.
      const bystanderTypes = (await deliveriesOf(bystander.id)).map((found) => found.eventType);
      expect(bystanderTypes).not.toContain('webhook_endpoint.tested');
      const feed = bodyOf(
        await answerOf(
          owner.client.GET('/v1/workspaces/{workspaceId}/events', {
            params: { path: { workspaceId }, query: { type: 'webhook_endpoint.tested' } },
          }),
        ),
        200,
      );
      expect(feed.data).toEqual([]);
    });

    it('should refuse to test a disabled endpoint with 409 CONFLICT', async () => {
      const endpoint = await createEndpoint('/test-disabled', ['*']);
      expect((await disable(endpoint.id)).status).toBe(200);

      expectProblem(await sendTest(endpoint.id), { status: 409, code: 'CONFLICT' });
      expect(await deliveriesOf(endpoint.id)).toEqual([]);
    });
  });

  describe('rotating the secret', () => {
    it('should sign with both secrets for 24 hours, then with the new one only', async () => {
      const endpoint = await createEndpoint('/rotated', ['webhook_endpoint.tested']);
      const oldSecret = endpoint.secret;

      const rotated = bodyOf(await rotate(endpoint.id), 200);

      expect(rotated.secret).toMatch(/^whsec_/);
      expect(rotated.secret).not.toBe(oldSecret);
      const expiresIn = Date.parse(rotated.previousSecretExpiresAt ?? '') - Date.now();
      expect(expiresIn).toBeGreaterThan(23 * HOUR_MS);
      expect(expiresIn).toBeLessThanOrEqual(24 * HOUR_MS);
      const shown = bodyOf(
        await answerOf(
          owner.client.GET('/v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}', {
            params: { path: { workspaceId, endpointId: endpoint.id } },
          }),
        ),
        200,
      );
      expect(shown).toMatchObject({ previousSecretExpiresAt: rotated.previousSecretExpiresAt });
      expect(JSON.stringify(shown)).not.toContain(rotated.secret.slice('whsec_'.length));
      const [row] = await keel.database.dataSource.query(
        'SELECT secret_sealed, previous_secret_sealed FROM webhook_endpoints WHERE workspace_id = $1 AND id = $2',
        [workspaceId, endpoint.id],
      );
      expect(row['previous_secret_sealed']).toMatch(/^v2\./);
      expect(row['previous_secret_sealed']).not.toContain(oldSecret.slice('whsec_'.length));

      receiver.expectSecret('/rotated', rotated.secret);
      const during = await requestOf('/rotated', bodyOf(await sendTest(endpoint.id), 202));
      expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(verifiesWith(rotated.secret, during)).toBe(true);
      expect(verifiesWith(oldSecret, during)).toBe(true);

      // A day later (the expiry moved instead of the clock), the old secret no longer signs.
      await keel.database.dataSource.query(
        `UPDATE webhook_endpoints SET previous_secret_expires_at = now() - interval '1 second'
          WHERE workspace_id = $1 AND id = $2`,
        [workspaceId, endpoint.id],
      );
      const after = await requestOf('/rotated', bodyOf(await sendTest(endpoint.id), 202));
      expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(verifiesWith(rotated.secret, after)).toBe(true);
      expect(verifiesWith(oldSecret, after)).toBe(false);
      expect(
        bodyOf(
          await answerOf(
            owner.client.GET('/v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}', {
              params: { path: { workspaceId, endpointId: endpoint.id } },
            }),
          ),
          200,
        ).previousSecretExpiresAt,
      ).toBeNull();
    });

    it('should keep only the last replaced secret when rotated twice, and audit each rotation', async () => {
      const endpoint = await createEndpoint('/rotated-twice', ['webhook_endpoint.tested']);
      const first = bodyOf(await rotate(endpoint.id), 200);
      const second = bodyOf(await rotate(endpoint.id), 200);
      receiver.expectSecret('/rotated-twice', second.secret);

      const request = await requestOf('/rotated-twice', bodyOf(await sendTest(endpoint.id), 202));

      expect(verifiesWith(second.secret, request)).toBe(true);
      expect(verifiesWith(first.secret, request)).toBe(true);
      expect(verifiesWith(endpoint.secret, request)).toBe(false);
      const audit = bodyOf(
        await answerOf(
          owner.client.GET('/v1/workspaces/{workspaceId}/audit-events', {
            params: { path: { workspaceId }, query: { action: 'webhook_endpoint.secret_rotated' } },
          }),
        ),
        200,
      );
      expect(audit.data.filter((entry) => entry.target?.id === endpoint.id)).toHaveLength(2);
    });
  });

  describe('replaying failed deliveries', () => {
    it('should make a new attempt of every failed delivery since the time given, and only of those', async () => {
      const endpoint = await createEndpoint('/replayed', ['webhook_endpoint.tested']);
      receiver.answer('/replayed', 500, 'down');
      const sent: Delivery[] = [];
      for (let index = 0; index < 3; index++) sent.push(bodyOf(await sendTest(endpoint.id), 202));
      await pollUntil(
        'each delivery failed its first attempt',
        () => deliveriesOf(endpoint.id),
        (deliveries) => deliveries.length === 3 && deliveries.every((delivery) => delivery.attemptCount === 1),
      );
      // Their schedules run out (the attempt count moved to the last one; the queued second attempts find it
      // taken and do nothing), and the oldest failed two days ago.
      await keel.database.dataSource.query(
        `UPDATE webhook_deliveries SET status = 'failed', attempt_count = 8, next_attempt_at = NULL
          WHERE workspace_id = $1 AND endpoint_id = $2`,
        [workspaceId, endpoint.id],
      );
      const [old, ...recent] = sent;
      await keel.database.dataSource.query(
        `UPDATE webhook_deliveries SET created_at = now() - interval '2 days' WHERE workspace_id = $1 AND id = $2`,
        [workspaceId, old.id],
      );
      receiver.answer('/replayed', 200, 'ok');

      const answer = await replay(endpoint.id, new Date(Date.now() - 24 * HOUR_MS).toISOString());

      expect(bodyOf(answer, 202)).toEqual({ replayed: 2 });
      const deliveries = await pollUntil(
        'the two recent deliveries delivered',
        () => deliveriesOf(endpoint.id),
        (found) => recent.every((sentOne) => found.find((d) => d.id === sentOne.id)?.status === 'delivered'),
      );
      const byId = new Map(deliveries.map((delivery) => [delivery.id, delivery]));
      for (const delivery of recent) {
        expect(byId.get(delivery.id)).toMatchObject({ status: 'delivered', attemptCount: 9 });
        expect(byId.get(delivery.id)?.attempts.at(-1)).toMatchObject({ number: 9, manual: true, outcome: 'success' });
        expect((await requestOf('/replayed', delivery)).verified).toBe(true);
      }
      expect(byId.get(old.id)).toMatchObject({ status: 'failed', attemptCount: 8 });
      expect(bodyOf(await replay(endpoint.id, new Date(Date.now() - 24 * HOUR_MS).toISOString()), 202)).toEqual({
        replayed: 0,
      });
    });

    it('should refuse a replay without a valid since, or of a disabled endpoint', async () => {
      const endpoint = await createEndpoint('/replay-refused', ['*']);

      const noSince = await answerOf(
        owner.client.POST('/v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}/replay', {
          params: { path: { workspaceId, endpointId: endpoint.id } },
          body: {} as never,
        }),
      );
      expect(expectProblem(noSince, { status: 422, code: 'VALIDATION_FAILED' }).errors).toEqual([
        expect.objectContaining({ field: 'since' }),
      ]);
      expectProblem(await replay(endpoint.id, 'yesterday'), { status: 422, code: 'VALIDATION_FAILED' });
      // ISO 8601 forms that are not RFC 3339 date-times (a week, a day of the year, no zone) are refused too, never a 500.
      for (const since of ['2026-W05', '2026-032', '2026-11-29T10:00']) {
        expectProblem(await replay(endpoint.id, since), { status: 422, code: 'VALIDATION_FAILED' });
      }
      expect((await disable(endpoint.id)).status).toBe(200);
      expectProblem(await replay(endpoint.id, new Date().toISOString()), { status: 409, code: 'CONFLICT' });
    });
  });
});
