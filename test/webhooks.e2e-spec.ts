/**
 * Webhooks seen from both ends: endpoints managed through the API, and a real
 * receiver on loopback that verifies every delivery with the Standard Webhooks
 * library, as a customer's would. Failures are recorded attempt by attempt and
 * retried on the schedule; an endpoint failing for 5 days is disabled.
 */
import { Answer, answerOf, bodyOf, Schema } from './support/keel-answers';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { addMember, createWorkspace } from './support/keel-tenants';
import { SignedInPerson, signUp } from './support/keel-people';
import { parseLogLines } from './support/log-lines';
import { pollUntil } from './support/poll';
import { expectPermissionDenied, expectProblem } from './support/problem-details';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

type Endpoint = Schema<'CreatedWebhookEndpointResponse'>;
type Delivery = Schema<'WebhookDeliveryResponse'>;
type Project = Schema<'ProjectResponse'>;

const WHSEC = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

/** The id of the project an event (a webhook's payload) is about, if any. */
function projectIdOf(event: Record<string, unknown> | undefined): unknown {
  const data = event?.['data'] as { project?: { id?: unknown } } | undefined;
  return data?.project?.id;
}

describe('webhooks', () => {
  let keel: KeelOnTestDatabase;
  let receiver: WebhookReceiver;
  let owner: SignedInPerson;
  let workspaceId: string;
  let projectCount = 0;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    keel = await startKeelOnTestDatabase({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    owner = await signUp(keel.keel.url, 'webhooks-owner');
    workspaceId = (await createWorkspace(owner, { name: 'Webhook Works' })).id;
  });

  afterAll(async () => {
    await keel?.stop();
    await receiver?.close();
  });

  function postEndpoint(
    body: Schema<'CreateWebhookEndpointDto'>,
    by: SignedInPerson = owner,
    inWorkspace: string = workspaceId,
  ): Promise<Answer<Endpoint>> {
    return answerOf(
      by.client.POST('/v1/workspaces/{workspaceId}/webhook-endpoints', {
        params: { path: { workspaceId: inWorkspace } },
        body,
      }),
    );
  }

  /** An endpoint at the receiver's `path`, whose secret the receiver verifies with. */
  async function createEndpoint(
    path: string,
    settings: Omit<Schema<'CreateWebhookEndpointDto'>, 'url'>,
    by: SignedInPerson = owner,
    inWorkspace: string = workspaceId,
  ): Promise<Endpoint> {
    const endpoint = bodyOf(await postEndpoint({ url: receiver.url(path), ...settings }, by, inWorkspace), 201);
    receiver.expectSecret(path, endpoint.secret);
    return endpoint;
  }

  async function getEndpoint(endpointId: string): Promise<Schema<'WebhookEndpointResponse'>> {
    const answer = await answerOf(
      owner.client.GET('/v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}', {
        params: { path: { workspaceId, endpointId } },
      }),
    );
    return bodyOf(answer, 200);
  }

  async function deliveriesOf(endpointId: string, by: SignedInPerson = owner, inWorkspace = workspaceId) {
    const answer = await answerOf(
      by.client.GET('/v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}/deliveries', {
        params: { path: { workspaceId: inWorkspace, endpointId } },
      }),
    );
    return bodyOf(answer, 200).data;
  }

  /** Polls the endpoint's deliveries until one is for `project` and `accept` holds for it. */
  async function deliveryOf(
    endpointId: string,
    project: Project,
    description: string,
    accept: (delivery: Delivery) => boolean,
  ): Promise<Delivery> {
    const found = await pollUntil(
      description,
      async () => {
        for (const delivery of await deliveriesOf(endpointId)) {
          if (projectIdOf(await eventById(delivery.eventId)) === project.id) return delivery;
        }
        return undefined;
      },
      (delivery) => delivery !== undefined && accept(delivery),
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    if (!found) throw new Error(`${description}: no delivery for project ${project.id}`);
    return found;
  }

  async function eventById(eventId: string): Promise<Schema<'EventResponse'>> {
    const events = bodyOf(
      await answerOf(
        owner.client.GET('/v1/workspaces/{workspaceId}/events', {
          params: { path: { workspaceId }, query: { limit: 100 } },
        }),
      ),
      200,
    ).data;
    const event = events.find((candidate) => candidate.id === eventId);
    if (!event) throw new Error(`no event ${eventId} in the workspace's feed`);
    return event;
  }

  async function createProject(name: string): Promise<Project> {
    projectCount += 1;
    const answer = await answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/projects', {
        params: { path: { workspaceId } },
        body: { key: `WH${projectCount}`, name },
      }),
    );
    return bodyOf(answer, 201);
  }

  function retry(deliveryId: string, by: SignedInPerson = owner, inWorkspace = workspaceId) {
    return answerOf(
      by.client.POST('/v1/workspaces/{workspaceId}/deliveries/{deliveryId}/retry', {
        params: { path: { workspaceId: inWorkspace, deliveryId } },
      }),
    );
  }

  /** Puts a job on the attempt queue as pg-boss stores it, bypassing the app (a duplicate, or one a dead worker held). */
  async function sendAttemptJob(
    data: { workspaceId: string; deliveryId: string; attempt: number },
    held?: { state: 'active'; startedMinutesAgo: number },
  ): Promise<string> {
    const [job] = await keel.database.dataSource.query(
      held
        ? `INSERT INTO pgboss.job (name, data, state, started_on, expire_in, retry_limit)
           VALUES ('webhook.attempt', $1, 'active', now() - make_interval(mins => $2), interval '1 second', 3)
           RETURNING id`
        : `INSERT INTO pgboss.job (name, data) VALUES ('webhook.attempt', $1) RETURNING id`,
      held ? [JSON.stringify(data), held.startedMinutesAgo] : [JSON.stringify(data)],
    );
    return String(job['id']);
  }

  async function jobState(jobId: string): Promise<string | undefined> {
    const [job] = await keel.database.dataSource.query(`SELECT state FROM pgboss.job WHERE id = $1`, [jobId]);
    return job?.['state'];
  }

  describe('endpoints', () => {
    it('should show the signing secret once, when the endpoint is created, and keep it sealed at rest', async () => {
      const created = await createEndpoint('/secret-once', {
        eventTypes: ['project.created'],
        description: 'CRM sync',
      });

      expect(created).toMatchObject({
        url: receiver.url('/secret-once'),
        eventTypes: ['project.created'],
        enabled: true,
        description: 'CRM sync',
        failingSince: null,
        disabledAt: null,
        disabledReason: null,
      });
      expect(created.secret).toMatch(WHSEC);
      const listed = bodyOf(
        await answerOf(
          owner.client.GET('/v1/workspaces/{workspaceId}/webhook-endpoints', { params: { path: { workspaceId } } }),
        ),
        200,
      );
      const shown = await getEndpoint(created.id);
      const { secret, ...withoutSecret } = created;
      expect(shown).toEqual(withoutSecret);
      expect(listed.data).toContainEqual(withoutSecret);
      expect(JSON.stringify([listed, shown])).not.toContain(secret.slice('whsec_'.length));
      const [row] = await keel.database.dataSource.query(
        'SELECT secret_sealed FROM webhook_endpoints WHERE workspace_id = $1 AND id = $2',
        [workspaceId, created.id],
      );
      expect(row['secret_sealed']).toMatch(/^v2\./);
      expect(row['secret_sealed']).not.toContain(secret.slice('whsec_'.length));
    });

    it('should refuse event types the catalog does not know, and URLs that are not http(s), naming the fields', async () => {
      const unknownType = await postEndpoint({
        url: receiver.url('/refused'),
        eventTypes: ['project.created', 'project.exploded'],
      });
      const allBesideOthers = await postEndpoint({
        url: receiver.url('/refused'),
        eventTypes: ['*', 'project.created'],
      });
      const notHttp = await postEndpoint({ url: 'ftp://files.example.com/hooks', eventTypes: ['*'] });

      expect(expectProblem(unknownType, { status: 422, code: 'VALIDATION_FAILED' }).errors).toEqual([
        expect.objectContaining({ field: 'eventTypes[1]', rule: 'eventType' }),
      ]);
      expect(expectProblem(allBesideOthers, { status: 422, code: 'VALIDATION_FAILED' }).errors).toEqual([
        expect.objectContaining({ field: 'eventTypes[0]' }),
      ]);
      expect(expectProblem(notHttp, { status: 422, code: 'VALIDATION_FAILED' }).errors).toEqual([
        expect.objectContaining({ field: 'url' }),
      ]);
      const endpoint = await createEndpoint('/patched', { eventTypes: ['*'] });
      const patched = await answerOf(
        owner.client.PATCH('/v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}', {
          params: { path: { workspaceId, endpointId: endpoint.id } },
          body: { eventTypes: ['comment.created', 'comment.exploded'] },
        }),
      );
      expect(expectProblem(patched, { status: 422, code: 'VALIDATION_FAILED' }).errors).toEqual([
        expect.objectContaining({ field: 'eventTypes[1]' }),
      ]);
      expect((await getEndpoint(endpoint.id)).eventTypes).toEqual(['*']);
    });

    it('should refuse null for any field of a change with 422 naming it, and change nothing', async () => {
      const endpoint = await createEndpoint('/nulls', { eventTypes: ['*'], description: 'kept' });

      for (const field of ['url', 'eventTypes', 'enabled', 'description'] as const) {
        const answer = await answerOf(
          owner.client.PATCH('/v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}', {
            params: { path: { workspaceId, endpointId: endpoint.id } },
            body: { [field]: null } as never,
          }),
        );

        expect(expectProblem(answer, { status: 422, code: 'VALIDATION_FAILED' }).errors).toEqual(
          expect.arrayContaining([expect.objectContaining({ field })]),
        );
      }
      expect(await getEndpoint(endpoint.id)).toMatchObject({
        url: endpoint.url,
        eventTypes: ['*'],
        enabled: true,
        description: 'kept',
      });
    });

    it('should let a member without the webhooks permissions neither see nor change endpoints', async () => {
      const member = await addMember(keel.keel.url, owner, workspaceId, {
        email: `webhooks-member-${Date.now()}@example.com`,
        name: 'Webhooks Member',
        role: 'member',
      });

      expectPermissionDenied(
        await answerOf(
          member.client.GET('/v1/workspaces/{workspaceId}/webhook-endpoints', { params: { path: { workspaceId } } }),
        ),
        'webhooks:read',
      );
      expectPermissionDenied(
        await postEndpoint({ url: receiver.url('/member'), eventTypes: ['*'] }, member),
        'webhooks:write',
      );
    });
  });

  describe('deliveries', () => {
    it('should deliver project.created, signed, with the event as the body and the delivery as the webhook-id', async () => {
      const endpoint = await createEndpoint('/created', { eventTypes: ['project.created'] });

      const project = await createProject('Signed delivery');

      const [request] = await receiver.waitFor('/created', 'project.created delivered', (received) =>
        received.some((entry) => projectIdOf(entry.payload) === project.id),
      );
      expect(request).toMatchObject({ verified: true, answeredWith: 200 });
      expect(request.headers['content-type']).toBe('application/json');
      const event = await eventById(String(request.payload?.['id']));
      const { relayedAt: _relayedAt, ...domainEvent } = event;
      expect(JSON.parse(request.body)).toEqual(domainEvent);
      expect(domainEvent).toMatchObject({
        workspaceId,
        type: 'project.created',
        version: 1,
        actor: { type: 'user', id: owner.userId },
        data: { project: expect.objectContaining({ id: project.id, name: 'Signed delivery' }) },
        causationId: null,
        depth: 0,
      });
      const delivery = await deliveryOf(
        endpoint.id,
        project,
        'the delivery recorded as delivered',
        (candidate) => candidate.status === 'delivered',
      );
      expect(request.headers['webhook-id']).toBe(`msg_${delivery.id}`);
      expect(delivery).toMatchObject({
        endpointId: endpoint.id,
        webhookId: `msg_${delivery.id}`,
        eventId: event.id,
        eventType: 'project.created',
        attemptCount: 1,
        nextAttemptAt: null,
        deliveredAt: expect.any(String),
        attempts: [
          {
            number: 1,
            manual: false,
            outcome: 'success',
            statusCode: 200,
            latencyMs: expect.any(Number),
            responseExcerpt: 'ok',
            error: null,
            attemptedAt: expect.any(String),
          },
        ],
      });
    });

    it('should record a failed attempt with its status and response, retry 5 s later, and deliver once the receiver recovers', async () => {
      const endpoint = await createEndpoint('/flaky', { eventTypes: ['project.created'] });
      receiver.answer('/flaky', 500, '{"error":"database unavailable"}');

      const project = await createProject('Flaky receiver');

      const failed = await deliveryOf(
        endpoint.id,
        project,
        'the first attempt recorded',
        (delivery) => delivery.attempts.length >= 1,
      );
      const [first] = failed.attempts;
      expect(failed.status).toBe('pending');
      expect(first).toMatchObject({
        number: 1,
        outcome: 'http-error',
        statusCode: 500,
        responseExcerpt: '{"error":"database unavailable"}',
        error: null,
      });
      // The next attempt is due 5 s after this one failed, not sooner.
      expect(Date.parse(String(failed.nextAttemptAt)) - Date.parse(first.attemptedAt)).toBeGreaterThanOrEqual(5_000);
      expect((await getEndpoint(endpoint.id)).failingSince).toBe(first.attemptedAt);

      receiver.answer('/flaky', 200, 'recovered');
      const delivered = await deliveryOf(
        endpoint.id,
        project,
        'the retry delivered',
        (delivery) => delivery.status === 'delivered',
      );

      expect(delivered.attempts).toEqual([
        expect.objectContaining({ number: 1, outcome: 'http-error', statusCode: 500 }),
        expect.objectContaining({
          number: 2,
          manual: false,
          outcome: 'success',
          statusCode: 200,
          responseExcerpt: 'recovered',
        }),
      ]);
      expect(Date.parse(delivered.attempts[1].attemptedAt) - Date.parse(first.attemptedAt)).toBeGreaterThanOrEqual(
        5_000,
      );
      const requests = receiver.received('/flaky');
      expect(requests.map((request) => [request.verified, request.answeredWith])).toEqual([
        [true, 500],
        [true, 200],
      ]);
      expect(new Set(requests.map((request) => request.headers['webhook-id']))).toEqual(new Set([delivered.webhookId]));
      expect((await getEndpoint(endpoint.id)).failingSince).toBeNull();
      // One log line per attempt, as the worker saw it.
      const attemptLines = await pollUntil(
        'a log line for each attempt',
        async () =>
          parseLogLines(keel.keel.output()).filter(
            (line) => line['msg'] === 'webhook attempt' && line['deliveryId'] === delivered.id,
          ),
        (lines) => lines.length >= 2,
      );
      expect(attemptLines).toEqual([
        expect.objectContaining({
          level: 'warn',
          workspaceId,
          attempt: 1,
          outcome: 'http-error',
          status: 500,
          delivery: 'pending',
        }),
        expect.objectContaining({
          level: 'info',
          workspaceId,
          attempt: 2,
          outcome: 'success',
          status: 200,
          delivery: 'delivered',
        }),
      ]);
    });

    it('should deliver only the event types an endpoint subscribes to, and nothing to a disabled endpoint', async () => {
      const archivedOnly = await createEndpoint('/archived-only', { eventTypes: ['project.archived'] });
      const disabled = await createEndpoint('/disabled', { eventTypes: ['*'], enabled: false });
      const everything = await createEndpoint('/everything', { eventTypes: ['*'] });
      expect(disabled).toMatchObject({ enabled: false, disabledReason: 'manual', disabledAt: expect.any(String) });

      const project = await createProject('Filtered');
      bodyOf(
        await answerOf(
          owner.client.POST('/v1/workspaces/{workspaceId}/projects/{projectId}/archive', {
            params: { path: { workspaceId, projectId: project.id } },
          }),
        ),
        200,
      );

      // The consumer makes every endpoint's delivery of an event in one transaction: once the
      // catch-all endpoint has both events, the others have all they will ever get of them.
      await receiver.waitFor('/everything', 'both events at the catch-all endpoint', (received) => {
        const types = received
          .filter((entry) => projectIdOf(entry.payload) === project.id)
          .map((e) => e.payload?.['type']);
        return types.includes('project.created') && types.includes('project.archived');
      });
      const archived = await receiver.waitFor('/archived-only', 'project.archived delivered', (received) =>
        received.some((entry) => projectIdOf(entry.payload) === project.id),
      );
      expect(archived.map((entry) => entry.payload?.['type'])).toEqual(['project.archived']);
      expect((await deliveriesOf(archivedOnly.id)).map((delivery) => delivery.eventType)).toEqual(['project.archived']);
      expect(await deliveriesOf(disabled.id)).toEqual([]);
      expect(receiver.received('/disabled')).toEqual([]);
      expect((await deliveriesOf(everything.id)).length).toBeGreaterThanOrEqual(2);
    });

    it('should make a new attempt on request, whatever the state of the delivery', async () => {
      const endpoint = await createEndpoint('/retried', { eventTypes: ['project.created'] });
      const project = await createProject('Retried');
      const delivered = await deliveryOf(
        endpoint.id,
        project,
        'the first attempt delivered',
        (delivery) => delivery.status === 'delivered',
      );

      const accepted = bodyOf(await retry(delivered.id), 202);

      expect(accepted).toMatchObject({ id: delivered.id, status: 'pending', attemptCount: 1 });
      const retried = await deliveryOf(
        endpoint.id,
        project,
        'the manual attempt recorded',
        (delivery) => delivery.attempts.length === 2 && delivery.status === 'delivered',
      );
      expect(retried.attempts[1]).toMatchObject({ number: 2, manual: true, outcome: 'success', statusCode: 200 });
      const requests = receiver.received('/retried');
      expect(requests.map((request) => [request.verified, request.headers['webhook-id']])).toEqual([
        [true, delivered.webhookId],
        [true, delivered.webhookId],
      ]);
      const shown = bodyOf(
        await answerOf(
          owner.client.GET('/v1/workspaces/{workspaceId}/deliveries/{deliveryId}', {
            params: { path: { workspaceId, deliveryId: delivered.id } },
          }),
        ),
        200,
      );
      expect(shown).toEqual(retried);
    });

    it('should disable an endpoint that has failed for 5 days, and announce it with a webhook_endpoint.disabled event', async () => {
      const watcher = await createEndpoint('/watcher', { eventTypes: ['webhook_endpoint.disabled'] });
      const failing = await createEndpoint('/down', { eventTypes: ['project.created'] });
      receiver.answer('/down', 503, 'maintenance');
      const project = await createProject('Down for days');
      // Two scheduled attempts failed: the third is not due for 5 minutes, so only ours comes next.
      const twice = await deliveryOf(
        failing.id,
        project,
        'two failed attempts',
        (delivery) => delivery.attempts.length === 2,
      );
      await keel.database.dataSource.query(
        `UPDATE webhook_endpoints SET failing_since = now() - interval '5 days 1 hour' WHERE workspace_id = $1 AND id = $2`,
        [workspaceId, failing.id],
      );

      bodyOf(await retry(twice.id), 202);

      const disabled = await pollUntil(
        'the endpoint disabled',
        () => getEndpoint(failing.id),
        (endpoint) => !endpoint.enabled,
      );
      expect(disabled).toMatchObject({ enabled: false, disabledReason: 'failing', disabledAt: expect.any(String) });
      const [announcement] = await receiver.waitFor(
        '/watcher',
        'webhook_endpoint.disabled delivered',
        (received) => received.length > 0,
      );
      expect(announcement.verified).toBe(true);
      expect(announcement.payload).toMatchObject({
        type: 'webhook_endpoint.disabled',
        version: 1,
        workspaceId,
        actor: null,
        data: {
          endpoint: disabled,
          lastAttempt: { deliveryId: twice.id, number: 3, outcome: 'http-error', statusCode: 503, error: null },
        },
      });
      const eventTypes = bodyOf(await answerOf(owner.client.GET('/v1/event-types')), 200).data;
      expect(eventTypes.map((type) => type.type)).toContain('webhook_endpoint.disabled');
      expectProblem(await retry(twice.id), { status: 409, code: 'CONFLICT' });
      await pollUntil(
        "the watcher's delivery recorded as delivered",
        () => deliveriesOf(watcher.id),
        (deliveries) => deliveries.length === 1 && deliveries[0].status === 'delivered',
      );

      const enabled = bodyOf(
        await answerOf(
          owner.client.PATCH('/v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}', {
            params: { path: { workspaceId, endpointId: failing.id } },
            body: { enabled: true },
          }),
        ),
        200,
      );
      expect(enabled).toMatchObject({ enabled: true, disabledAt: null, disabledReason: null, failingSince: null });
    }, 90_000);

    it('should deliver what an automation rule sends to an endpoint, signed like any delivery', async () => {
      // Subscribed to another type: only the rule's action sends it project.created.
      const endpoint = await createEndpoint('/automation', { eventTypes: ['project.archived'] });
      const rule = bodyOf(
        await answerOf(
          owner.client.POST('/v1/workspaces/{workspaceId}/automations', {
            params: { path: { workspaceId } },
            body: {
              name: 'Tell the CRM about new projects',
              trigger: { eventType: 'project.created' },
              actions: [{ type: 'send_webhook', endpointId: endpoint.id }],
            },
          }),
        ),
        201,
      );

      const project = await createProject('Sent by a rule');

      const [request] = await receiver.waitFor('/automation', 'the rule’s delivery', (received) =>
        received.some((entry) => projectIdOf(entry.payload) === project.id),
      );
      expect(request.verified).toBe(true);
      const delivery = await deliveryOf(
        endpoint.id,
        project,
        'the rule’s delivery recorded',
        (candidate) => candidate.status === 'delivered',
      );
      expect(request.payload).toMatchObject({ id: delivery.eventId, type: 'project.created' });
      expect(request.headers['webhook-id']).toBe(delivery.webhookId);
      expect(delivery).toMatchObject({ eventType: 'project.created', attemptCount: 1 });
      expect(await deliveriesOf(endpoint.id)).toHaveLength(1);
      const removed = await answerOf(
        owner.client.DELETE('/v1/workspaces/{workspaceId}/automations/{ruleId}', {
          params: { path: { workspaceId, ruleId: rule.id } },
        }),
      );
      expect(removed.status).toBe(204);
    });

    it('should send an event that reaches an endpoint twice, by its subscription and a rule, as two messages', async () => {
      const endpoint = await createEndpoint('/twice', { eventTypes: ['project.created'] });
      const rule = bodyOf(
        await answerOf(
          owner.client.POST('/v1/workspaces/{workspaceId}/automations', {
            params: { path: { workspaceId } },
            body: {
              name: 'Tell the same endpoint again',
              trigger: { eventType: 'project.created' },
              actions: [{ type: 'send_webhook', endpointId: endpoint.id }],
            },
          }),
        ),
        201,
      );
      // Each first attempt fails, so each delivery is sent again on its schedule (5 s later).
      receiver.answer('/twice', 503, 'busy');

      const project = await createProject('Reached twice');

      await pollUntil(
        'both deliveries tried once',
        () => deliveriesOf(endpoint.id),
        (deliveries) => deliveries.length === 2 && deliveries.every((delivery) => delivery.attempts.length >= 1),
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      receiver.answer('/twice', 204);
      const deliveries = await pollUntil(
        'both deliveries delivered on their second attempt',
        () => deliveriesOf(endpoint.id),
        (all) => all.length === 2 && all.every((delivery) => delivery.status === 'delivered'),
        { timeoutMs: 30_000, intervalMs: 250 },
      );

      const requests = receiver.received('/twice').filter((entry) => projectIdOf(entry.payload) === project.id);
      expect(requests).toHaveLength(4);
      expect(requests.every((entry) => entry.verified)).toBe(true);
      // One event in both messages' bodies, each message under its own webhook-id.
      expect(new Set(requests.map((entry) => entry.payload?.['id']))).toEqual(new Set([deliveries[0].eventId]));
      expect(deliveries[0].eventId).toBe(deliveries[1].eventId);
      const ids = deliveries.map((delivery) => delivery.webhookId);
      expect(new Set(ids).size).toBe(2);
      expect(ids).toEqual(deliveries.map((delivery) => `msg_${delivery.id}`));
      // Every attempt of a delivery carries that delivery's id: a receiver that deduplicates keeps both messages.
      for (const id of ids) {
        expect(
          requests.filter((entry) => entry.headers['webhook-id'] === id).map((entry) => entry.answeredWith),
        ).toEqual([503, 204]);
      }
      const removed = await answerOf(
        owner.client.DELETE('/v1/workspaces/{workspaceId}/automations/{ruleId}', {
          params: { path: { workspaceId, ruleId: rule.id } },
        }),
      );
      expect(removed.status).toBe(204);
    }, 60_000);

    it('should make an attempt that was made already no more, however often its job runs', async () => {
      const endpoint = await createEndpoint('/repeated', { eventTypes: ['project.created'] });
      const project = await createProject('Repeated job');
      const delivered = await deliveryOf(
        endpoint.id,
        project,
        'the first attempt delivered',
        (delivery) => delivery.status === 'delivered',
      );

      const jobId = await sendAttemptJob({ workspaceId, deliveryId: delivered.id, attempt: 1 });

      await pollUntil(
        'the repeated job completed',
        () => jobState(jobId),
        (state) => state === 'completed',
      );
      expect((await deliveryOf(endpoint.id, project, 'the delivery', () => true)).attempts).toHaveLength(1);
      expect(receiver.received('/repeated')).toHaveLength(1);
    });

    it('should make the attempt again when the worker making it died, and record it once', async () => {
      const endpoint = await createEndpoint('/crashed', { eventTypes: ['project.created'] });
      const project = await createProject('Crashed worker');
      const delivered = await deliveryOf(
        endpoint.id,
        project,
        'the first attempt delivered',
        (delivery) => delivery.status === 'delivered',
      );

      // The job of attempt 2 as a worker left it when it died mid-send: taken long ago, never finished.
      const jobId = await sendAttemptJob(
        { workspaceId, deliveryId: delivered.id, attempt: 2 },
        { state: 'active', startedMinutesAgo: 60 },
      );

      const again = await pollUntil(
        'the attempt made again once its job expired',
        () => deliveryOf(endpoint.id, project, 'the delivery', () => true),
        (delivery) => delivery.attempts.length === 2,
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      expect(again.attempts[1]).toMatchObject({ number: 2, manual: false, outcome: 'success', statusCode: 200 });
      await pollUntil(
        'the retried job completed',
        () => jobState(jobId),
        (state) => state === 'completed',
      );
      expect(receiver.received('/crashed').map((request) => request.headers['webhook-id'])).toEqual([
        delivered.webhookId,
        delivered.webhookId,
      ]);
    }, 90_000);

    it('should delete an endpoint with its deliveries', async () => {
      const endpoint = await createEndpoint('/deleted', { eventTypes: ['project.created'] });
      const project = await createProject('Deleted endpoint');
      await deliveryOf(endpoint.id, project, 'a delivery made', (delivery) => delivery.status === 'delivered');

      const deleted = await answerOf(
        owner.client.DELETE('/v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}', {
          params: { path: { workspaceId, endpointId: endpoint.id } },
        }),
      );

      expect(deleted.status).toBe(204);
      const shown = await answerOf(
        owner.client.GET('/v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}', {
          params: { path: { workspaceId, endpointId: endpoint.id } },
        }),
      );
      expectProblem(shown, { status: 404, code: 'NOT_FOUND' });
      const [rows] = await keel.database.dataSource.query(
        'SELECT count(*)::int AS count FROM webhook_deliveries WHERE workspace_id = $1 AND endpoint_id = $2',
        [workspaceId, endpoint.id],
      );
      expect(rows['count']).toBe(0);
    });

    it('should let housekeeping purge expired deliveries with their attempts, and nothing else', async () => {
      const endpoint = await createEndpoint('/expiring', { eventTypes: ['project.created'] });
      const project = await createProject('Expiring delivery');
      const delivery = await deliveryOf(
        endpoint.id,
        project,
        'a delivery made',
        (candidate) => candidate.status === 'delivered',
      );
      const count = async (table: string): Promise<number> => {
        const [row] = await keel.database.dataSource.query(
          `SELECT count(*)::int AS count FROM ${table} WHERE workspace_id = $1`,
          [workspaceId],
        );
        return Number(row['count']);
      };
      const before = {
        deliveries: await count('webhook_deliveries'),
        attempts: await count('webhook_delivery_attempts'),
      };
      await keel.database.dataSource.query(
        `UPDATE webhook_deliveries SET expires_at = now() - interval '1 second' WHERE workspace_id = $1 AND id = $2`,
        [workspaceId, delivery.id],
      );

      // What the housekeeping job runs: as keel_owner, in no workspace.
      const purged = await keel.database.dataSource.transaction(async (manager) => {
        await manager.query('SET LOCAL ROLE keel_owner');
        await manager.query(`SELECT set_config('app.workspace_id', '00000000-0000-0000-0000-000000000000', true)`);
        const [, deleted]: [unknown, number] = await manager.query(
          'DELETE FROM webhook_deliveries WHERE expires_at < now()',
        );
        return deleted;
      });

      expect(purged).toBe(1);
      expect({
        deliveries: await count('webhook_deliveries'),
        attempts: await count('webhook_delivery_attempts'),
      }).toEqual({
        deliveries: before.deliveries - 1,
        attempts: before.attempts - 1,
      });
    });

    it('should count attempts, deliveries and disabled endpoints in its Prometheus metrics', async () => {
      const metrics = await (await fetch(`${keel.keel.url}/metrics`)).text();

      expect(metrics).toMatch(/^keel_webhook_delivery_attempts_total\{outcome="success"\} [1-9]/m);
      expect(metrics).toMatch(/^keel_webhook_delivery_attempts_total\{outcome="http-error"\} [1-9]/m);
      expect(metrics).toMatch(/^keel_webhook_deliveries_total\{outcome="delivered"\} [1-9]/m);
      expect(metrics).toMatch(/^keel_webhook_delivery_duration_seconds_count\{outcome="success"\} [1-9]/m);
      expect(metrics).toMatch(/^keel_webhook_endpoints_disabled_total 1$/m);
    });
  });

  describe('isolation', () => {
    it("should answer 404 for another workspace's endpoints and deliveries, and change nothing of them", async () => {
      const other = await signUp(keel.keel.url, 'webhooks-other');
      const otherWorkspaceId = (await createWorkspace(other, { name: 'Other Webhook Works' })).id;
      const theirs = await createEndpoint('/theirs', { eventTypes: ['project.created'] }, other, otherWorkspaceId);
      const theirProject = bodyOf(
        await answerOf(
          other.client.POST('/v1/workspaces/{workspaceId}/projects', {
            params: { path: { workspaceId: otherWorkspaceId } },
            body: { key: 'THEIRS', name: 'Their project' },
          }),
        ),
        201,
      );
      const theirDelivery = await pollUntil(
        'their delivery',
        async () => (await deliveriesOf(theirs.id, other, otherWorkspaceId))[0],
        (delivery) => delivery?.status === 'delivered',
      );
      expect(projectIdOf(receiver.received('/theirs')[0]?.payload)).toBe(theirProject.id);
      const endpointPath = { path: { workspaceId, endpointId: theirs.id } };

      const answers = [
        await answerOf(
          owner.client.GET('/v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}', { params: endpointPath }),
        ),
        await answerOf(
          owner.client.PATCH('/v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}', {
            params: endpointPath,
            body: { enabled: false },
          }),
        ),
        await answerOf(
          owner.client.DELETE('/v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}', { params: endpointPath }),
        ),
        await answerOf(
          owner.client.GET('/v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}/deliveries', {
            params: endpointPath,
          }),
        ),
        await answerOf(
          owner.client.GET('/v1/workspaces/{workspaceId}/deliveries/{deliveryId}', {
            params: { path: { workspaceId, deliveryId: theirDelivery.id } },
          }),
        ),
        await retry(theirDelivery.id),
      ];

      for (const answer of answers) expectProblem(answer, { status: 404, code: 'NOT_FOUND' });
      expectProblem(await retry(theirDelivery.id, owner, otherWorkspaceId), {
        status: 404,
        code: 'WORKSPACE_NOT_FOUND',
      });
      const after = bodyOf(
        await answerOf(
          other.client.GET('/v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}', {
            params: { path: { workspaceId: otherWorkspaceId, endpointId: theirs.id } },
          }),
        ),
        200,
      );
      const { secret: _secret, ...theirsShown } = theirs;
      expect(after).toEqual(theirsShown);
      expect(
        (await deliveriesOf(theirs.id, other, otherWorkspaceId)).map((delivery) => delivery.attempts.length),
      ).toEqual([1]);
      expect(receiver.received('/theirs')).toHaveLength(1);
    });
  });
});

describe('webhooks without WEBHOOK_ALLOW_PRIVATE', () => {
  let keel: KeelOnTestDatabase;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    keel = await startKeelOnTestDatabase({ WEBHOOK_ALLOW_PRIVATE: 'false' });
  });

  afterAll(async () => {
    await keel?.stop();
    await receiver?.close();
  });

  /** An endpoint saved with a name that resolves nowhere, then pointed at `url` behind Keel's back (as when WEBHOOK_ALLOW_PRIVATE was on, or a name that now resolves elsewhere). */
  async function endpointRepointedTo(
    owner: SignedInPerson,
    workspaceId: string,
    url: string,
  ): Promise<Schema<'CreatedWebhookEndpointResponse'>> {
    const endpoint = bodyOf(
      await answerOf(
        owner.client.POST('/v1/workspaces/{workspaceId}/webhook-endpoints', {
          params: { path: { workspaceId } },
          body: { url: 'https://receiver.keel.invalid/hooks', eventTypes: ['project.created'] },
        }),
      ),
      201,
    );
    await keel.database.dataSource.query('UPDATE webhook_endpoints SET url = $1 WHERE workspace_id = $2 AND id = $3', [
      url,
      workspaceId,
      endpoint.id,
    ]);
    return endpoint;
  }

  it.each([
    ['a hexadecimal IPv4 number', 'http://0x7f000001:9/hooks'],
    ['a decimal IPv4 number', 'http://2130706433:9/hooks'],
    ['a shortened IPv4 address', 'http://127.1:9/hooks'],
    ['an octal IPv4 address', 'http://0177.0.0.1:9/hooks'],
    ['the unspecified address', 'http://0.0.0.0:9/hooks'],
    ['an IPv4-mapped IPv6 address', 'http://[::ffff:127.0.0.1]:9/hooks'],
    ['IPv6 loopback', 'http://[::1]:9/hooks'],
    ['a name that resolves to loopback', 'http://localhost:9/hooks'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data'],
  ])('should refuse to save an endpoint at %s (%s), as a delivery would be refused', async (_what, url) => {
    const owner = await signUp(keel.keel.url, 'webhooks-private-save');
    const workspaceId = (await createWorkspace(owner, { name: 'Private Save Works' })).id;

    const created = await answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/webhook-endpoints', {
        params: { path: { workspaceId } },
        body: { url, eventTypes: ['project.created'] },
      }),
    );

    expect(expectProblem(created, { status: 422, code: 'WEBHOOK_ADDRESS_REFUSED' }).detail).toContain(
      'WEBHOOK_ALLOW_PRIVATE',
    );
    const saved = bodyOf(
      await answerOf(
        owner.client.POST('/v1/workspaces/{workspaceId}/webhook-endpoints', {
          params: { path: { workspaceId } },
          body: { url: 'https://receiver.keel.invalid/hooks', eventTypes: ['project.created'] },
        }),
      ),
      201,
    );
    const moved = await answerOf(
      owner.client.PATCH('/v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}', {
        params: { path: { workspaceId, endpointId: saved.id } },
        body: { url },
      }),
    );
    expectProblem(moved, { status: 422, code: 'WEBHOOK_ADDRESS_REFUSED' });
  });

  it('should refuse to send to a loopback address, recording the attempt as refused and sending nothing', async () => {
    const owner = await signUp(keel.keel.url, 'webhooks-private');
    const workspaceId = (await createWorkspace(owner, { name: 'Private Webhook Works' })).id;
    const endpoint = await endpointRepointedTo(owner, workspaceId, receiver.url('/private'));
    receiver.expectSecret('/private', endpoint.secret);

    bodyOf(
      await answerOf(
        owner.client.POST('/v1/workspaces/{workspaceId}/projects', {
          params: { path: { workspaceId } },
          body: { key: 'PRIV', name: 'Private target' },
        }),
      ),
      201,
    );

    const [delivery] = await pollUntil(
      'the refused attempt recorded',
      async () =>
        bodyOf(
          await answerOf(
            owner.client.GET('/v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}/deliveries', {
              params: { path: { workspaceId, endpointId: endpoint.id } },
            }),
          ),
          200,
        ).data,
      (deliveries) => deliveries[0]?.attempts.length === 1,
    );
    expect(delivery.status).toBe('pending');
    expect(delivery.attempts[0]).toMatchObject({
      number: 1,
      outcome: 'refused',
      statusCode: null,
      responseExcerpt: null,
      error: expect.stringMatching(/loopback.*WEBHOOK_ALLOW_PRIVATE/),
    });
    expect(receiver.received('/private')).toEqual([]);
  });

  it('should fail an automation’s send_webhook whose delivery would be refused, saying why, instead of showing it succeeded', async () => {
    const owner = await signUp(keel.keel.url, 'webhooks-private-rule');
    const workspaceId = (await createWorkspace(owner, { name: 'Private Rule Works' })).id;
    const endpoint = await endpointRepointedTo(owner, workspaceId, receiver.url('/private-rule'));
    const rule = bodyOf(
      await answerOf(
        owner.client.POST('/v1/workspaces/{workspaceId}/automations', {
          params: { path: { workspaceId } },
          body: {
            name: 'Forward',
            trigger: { eventType: 'project.created' },
            actions: [{ type: 'send_webhook', endpointId: endpoint.id }],
          },
        }),
      ),
      201,
    );

    bodyOf(
      await answerOf(
        owner.client.POST('/v1/workspaces/{workspaceId}/projects', {
          params: { path: { workspaceId } },
          body: { key: 'PRIVR', name: 'Private rule target' },
        }),
      ),
      201,
    );

    const [run] = await pollUntil(
      'the rule’s run settled',
      async () =>
        bodyOf(
          await answerOf(
            owner.client.GET('/v1/workspaces/{workspaceId}/automations/{ruleId}/runs', {
              params: { path: { workspaceId, ruleId: rule.id } },
            }),
          ),
          200,
        ).data,
      (runs) => runs.length === 1 && runs[0]?.status !== 'running',
    );
    expect(run.status).toBe('failed');
    expect(run.actions).toEqual([
      expect.objectContaining({
        type: 'send_webhook',
        status: 'failed',
        lastError: expect.stringMatching(/^WEBHOOK_ADDRESS_REFUSED: .*loopback.*WEBHOOK_ALLOW_PRIVATE/),
      }),
    ]);
    expect(receiver.received('/private-rule')).toEqual([]);
  });
});
