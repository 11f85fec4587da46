import { createHash } from 'node:crypto';
import { Answer, answerOf, bodyOf, Schema } from './keel-answers';
import { SignedInPerson, signUp } from './keel-people';

/** The permissions only the owner role holds: no custom role and no API key may have them. */
export const OWNER_ONLY_PERMISSIONS = ['workspace:delete', 'ownership:transfer', 'workspace:export'];

/** POST /v1/workspaces (201 expected): `by` becomes its owner. */
export async function createWorkspace(
  by: SignedInPerson,
  body: Schema<'CreateWorkspaceDto'>,
): Promise<Schema<'WorkspaceResponse'>> {
  return bodyOf(await answerOf(by.client.POST('/v1/workspaces', { body })), 201);
}

/** POST /v1/workspaces/{workspaceId}/invites, whatever it answers. */
export function invite(
  by: SignedInPerson,
  workspaceId: string,
  email: string,
  role: string,
): Promise<Answer<Schema<'CreatedInviteResponse'>>> {
  return answerOf(
    by.client.POST('/v1/workspaces/{workspaceId}/invites', {
      params: { path: { workspaceId } },
      body: { email, role },
    }),
  );
}

/** An invite `by` made (201 expected), token included. */
export async function createInvite(
  by: SignedInPerson,
  workspaceId: string,
  email: string,
  role: string,
): Promise<Schema<'CreatedInviteResponse'>> {
  return bodyOf(await invite(by, workspaceId, email, role), 201);
}

/** POST /v1/invites/accept as `person`, whatever it answers. */
export function acceptInvite(person: SignedInPerson, token: string): Promise<Answer<Schema<'AcceptedInviteResponse'>>> {
  return answerOf(person.client.POST('/v1/invites/accept', { body: { token } }));
}

/** Signs up `email` and has them accept an invite with `role`: a member as real ones become one. */
export async function addMember(
  baseUrl: string,
  owner: SignedInPerson,
  workspaceId: string,
  member: { email: string; name: string; role: string },
): Promise<SignedInPerson> {
  const { token } = await createInvite(owner, workspaceId, member.email, member.role);
  const person = await signUp(baseUrl, member.name, { email: member.email, name: member.name });
  bodyOf(await acceptInvite(person, token), 200);
  return person;
}

/** An API key `by` made for the workspace (201 expected), its secret `key` included. */
export async function createApiKey(
  by: SignedInPerson,
  workspaceId: string,
  name: string,
  scopes: string[],
): Promise<Schema<'CreatedApiKeyResponse'>> {
  const answer = await answerOf(
    by.client.POST('/v1/workspaces/{workspaceId}/api-keys', {
      params: { path: { workspaceId } },
      body: { name, scopes },
    }),
  );
  return bodyOf(answer, 201);
}

/** Every permission of the catalog (GET /v1/permissions). */
export async function permissionCatalog(person: SignedInPerson): Promise<string[]> {
  const catalog = bodyOf(await answerOf(person.client.GET('/v1/permissions')), 200);
  return catalog.data.map((entry) => entry.permission);
}

/** A workspace with one of everything a workspace holds, made through the API. */
export interface PopulatedWorkspace {
  id: string;
  name: string;
  slug: string;
  owner: SignedInPerson;
  /** Joined by accepting an invite, with the role "member". */
  member: SignedInPerson;
  /** Not accepted yet: it can still be resent or revoked. */
  pendingInvite: Schema<'InviteResponse'>;
  /** Held by nobody and named by no invite: it could be deleted. */
  customRole: Schema<'RoleResponse'>;
  apiKey: Schema<'CreatedApiKeyResponse'>;
  /** In "Backlog" at version 1, with one comment by the owner; its key is the label in capitals. */
  project: Schema<'ProjectResponse'>;
  comment: Schema<'CommentResponse'>;
  /** A draft of workflow version 2 that drops "Planned" (so publishing it maps Planned to another state). */
  draftWorkflow: Schema<'WorkflowVersionResponse'>;
  /** Listens to project.created and comments on new projects: creating `project` fired it once (asynchronously). */
  automationRule: Schema<'AutomationRuleResponse'>;
  /** Subscribed to an event type that does not happen here, so nothing is ever delivered to it unasked. */
  webhookEndpoint: Schema<'CreatedWebhookEndpointResponse'>;
  /** Of product `<label>-app`, with one artifact and one piece of evidence (a `custom` fact). */
  release: Schema<'ReleaseResponse'>;
  evidence: Schema<'EvidenceItemResponse'>;
  /** Required for production, with a `line-coverage` criterion; the release was evaluated against it once. */
  gate: Schema<'GateResponse'>;
  evaluation: Schema<'EvaluationResponse'>;
  /** Two waivers the member requested and nobody decided yet: one to approve, one to reject. */
  pendingWaivers: [Schema<'WaiverResponse'>, Schema<'WaiverResponse'>];
  /** A Markdown document `<label>-handbook.md` ("<Title> handbook"), uploaded as multipart; indexed asynchronously. */
  document: Schema<'UploadedDocumentResponse'>;
  /** Permits the read-only tools (rule `<label>-reads`) and holds comments.add for approval; `aiExecution` read the project through projects.get. */
  aiPolicy: Schema<'PolicyResponse'>;
  aiExecution: Schema<'ExecutionResponse'>;
  /** Two comments.add calls the member asked for, held for approval and undecided: one to approve, one to reject. */
  pendingApprovals: [string, string];
  /** `<LABEL>_TOKEN`, named by `httpTool`, and `<LABEL>_SPARE`, which no tool names (so it can be deleted). */
  secretNames: [string, string];
  /** `<label>-crm.lookup`, an HTTP tool calling `https://<label>.crm.keel.invalid` with the `<LABEL>_TOKEN` secret. */
  httpTool: Schema<'ToolResponse'>;
  /** "<Title> thread", the owner's, with no message (plantWorkspaceHistory adds one: only prompt mode with a provider does). */
  aiThread: Schema<'ThreadResponse'>;
}

/** The default workflow without "Planned": a draft that can be published with `{stateMapping: {Planned: …}}`. */
export const WORKFLOW_WITHOUT_PLANNED: Schema<'CreateWorkflowVersionDto'> = {
  states: [
    { name: 'Backlog', category: 'todo' },
    { name: 'In progress', category: 'in_progress' },
    { name: 'In review', category: 'in_progress' },
    { name: 'Done', category: 'done' },
    { name: 'Cancelled', category: 'cancelled' },
  ],
  transitions: [
    { name: 'Start', from: ['Backlog'], to: 'In progress' },
    { name: 'Submit for review', from: ['In progress'], to: 'In review' },
    { name: 'Request changes', from: ['In review'], to: 'In progress' },
    { name: 'Complete', from: ['In progress', 'In review'], to: 'Done' },
    { name: 'Cancel', from: ['*'], to: 'Cancelled' },
    { name: 'Reopen', from: ['Done', 'Cancelled'], to: 'Backlog' },
  ],
  initialState: 'Backlog',
};

/**
 * Makes a workspace named after `label` (a lower-case word, unique in the
 * database), every name, address and key in it carrying the label so a
 * response that leaks one is easy to spot.
 */
export async function populateWorkspace(baseUrl: string, label: string): Promise<PopulatedWorkspace> {
  const title = label[0].toUpperCase() + label.slice(1);
  const owner = await signUp(baseUrl, `${label}-owner`, {
    email: `${label}-owner@example.com`,
    name: `${title} Owner`,
  });
  const { id, name, slug } = await createWorkspace(owner, { name: `${title} Works`, slug: `${label}-works` });

  const member = await addMember(baseUrl, owner, id, {
    email: `${label}-member@example.com`,
    name: `${title} Member`,
    role: 'member',
  });
  const pendingInvite = await createInvite(owner, id, `${label}-invitee@example.com`, 'member');

  const role = await answerOf(
    owner.client.POST('/v1/workspaces/{workspaceId}/roles', {
      params: { path: { workspaceId: id } },
      body: { key: `${label}-auditor`, name: `${title} Auditor`, permissions: ['audit:read'] },
    }),
  );
  const customRole = bodyOf(role, 201);
  const apiKey = await createApiKey(owner, id, `${title} deploy key`, ['members:read']);

  // Made before the project, so creating it fires the rule: a run, a job and a comment follow, asynchronously.
  const automationRule = bodyOf(
    await answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/automations', {
        params: { path: { workspaceId: id } },
        body: {
          name: `${title} greeter`,
          trigger: { eventType: 'project.created' },
          actions: [{ type: 'add_comment', body: 'Welcome aboard.' }],
        },
      }),
    ),
    201,
  );
  const projectKey = label
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 10);
  const project = bodyOf(
    await answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/projects', {
        params: { path: { workspaceId: id } },
        body: { key: projectKey, name: `${title} launch`, description: `Everything ${title} ships.` },
      }),
    ),
    201,
  );
  const comment = bodyOf(
    await answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/projects/{projectId}/comments', {
        params: { path: { workspaceId: id, projectId: project.id } },
        body: { body: `${title} kick-off notes` },
      }),
    ),
    201,
  );
  const draftWorkflow = bodyOf(
    await answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/workflow/versions', {
        params: { path: { workspaceId: id } },
        body: WORKFLOW_WITHOUT_PLANNED,
      }),
    ),
    201,
  );

  const webhookEndpoint = bodyOf(
    await answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/webhook-endpoints', {
        params: { path: { workspaceId: id } },
        body: {
          url: `https://hooks.example.com/${label}`,
          eventTypes: ['webhook_endpoint.disabled'],
          enabled: true,
          description: `${title} CI`,
        },
      }),
    ),
    201,
  );

  const release = bodyOf(
    await answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/releases', {
        params: { path: { workspaceId: id } },
        body: {
          product: `${label}-app`,
          version: '1.0.0',
          commit: createHash('sha1').update(label).digest('hex'),
          artifacts: [
            { platform: 'linux/amd64', digest: `sha256:${createHash('sha256').update(label).digest('hex')}` },
          ],
        },
      }),
    ),
    201,
  );
  const evidence = bodyOf(
    await answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/releases/{releaseId}/evidence', {
        params: { path: { workspaceId: id, releaseId: release.id } },
        body: { type: 'custom', data: { crossTenantReads: 0 }, source: `https://ci.example.com/${label}/runs/1` },
      }),
    ),
    201,
  );
  const gate = bodyOf(
    await answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/gates', {
        params: { path: { workspaceId: id } },
        body: {
          key: `${label}-isolation`,
          name: `${title} isolation`,
          requiredFor: ['production'],
          criteria: [
            {
              key: 'cross-tenant-reads',
              title: 'No cross-tenant read',
              evidenceType: 'custom',
              fact: 'crossTenantReads',
              operator: '==',
              pass: 0,
            },
            {
              key: 'line-coverage',
              title: 'Line coverage',
              evidenceType: 'coverage',
              fact: 'lines',
              operator: '>=',
              pass: 80,
              required: false,
            },
          ],
        },
      }),
    ),
    201,
  );
  const evaluation = bodyOf(
    await answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/releases/{releaseId}/evaluations', {
        params: { path: { workspaceId: id, releaseId: release.id } },
        body: { gateId: gate.id },
      }),
    ),
    201,
  );
  // A stage no gate requires: allowed, and stored as a decision (release_promotions) like every promotion.
  bodyOf(
    await answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/releases/{releaseId}/promotions', {
        params: { path: { workspaceId: id, releaseId: release.id } },
        body: { stage: 'staging' },
      }),
    ),
    201,
  );
  const requestWaiver = async (reason: string) =>
    bodyOf(
      await answerOf(
        member.client.POST('/v1/workspaces/{workspaceId}/releases/{releaseId}/waivers', {
          params: { path: { workspaceId: id, releaseId: release.id } },
          body: { gateId: gate.id, criterion: 'line-coverage', reason, expiresAt: '2099-01-01T00:00:00Z' },
        }),
      ),
      201,
    );
  const pendingWaivers: [Schema<'WaiverResponse'>, Schema<'WaiverResponse'>] = [
    await requestWaiver(`${title} coverage waiver one`),
    await requestWaiver(`${title} coverage waiver two`),
  ];

  const form = new FormData();
  form.append('title', `${title} handbook`);
  form.append('file', new Blob([`# ${title} handbook\n\n${title} ships on Fridays.\n`]), `${label}-handbook.md`);
  const uploaded = await fetch(`${baseUrl}/v1/workspaces/${id}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${owner.accessToken}` },
    body: form,
  });
  if (uploaded.status !== 201) throw new Error(`uploading a document: ${uploaded.status} ${await uploaded.text()}`);
  const document = (await uploaded.json()) as Schema<'UploadedDocumentResponse'>;
  const aiPolicy = bodyOf(
    await answerOf(
      owner.client.PUT('/v1/workspaces/{workspaceId}/ai/policy', {
        params: { path: { workspaceId: id } },
        body: {
          rules: [
            { id: `${label}-reads`, effect: 'permit', tools: ['@readOnly'] },
            { id: `${label}-comments-held`, effect: 'require_approval', tools: ['comments.add'] },
          ],
        },
      }),
    ),
    200,
  );
  const aiExecution = bodyOf(
    await answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/ai/executions', {
        params: { path: { workspaceId: id } },
        body: { calls: [{ tool: 'projects.get', input: { projectId: project.id } }] },
      }),
    ),
    201,
  );
  const heldComment = async (body: string): Promise<string> => {
    const held = bodyOf(
      await answerOf(
        member.client.POST('/v1/workspaces/{workspaceId}/ai/executions', {
          params: { path: { workspaceId: id } },
          body: { calls: [{ tool: 'comments.add', input: { projectId: project.id, body } }] },
        }),
      ),
      201,
    );
    const approvalId = held.steps[0]?.error?.approvalId;
    if (!approvalId) throw new Error(`comments.add was not held for approval: ${JSON.stringify(held)}`);
    return approvalId;
  };
  const pendingApprovals: [string, string] = [
    await heldComment(`${title} comment to approve`),
    await heldComment(`${title} comment to reject`),
  ];

  const secretPrefix = label.replace(/[^A-Za-z0-9]/g, '_').toUpperCase();
  const secretNames: [string, string] = [`${secretPrefix}_TOKEN`, `${secretPrefix}_SPARE`];
  for (const secretName of secretNames) {
    bodyOf(
      await answerOf(
        owner.client.POST('/v1/workspaces/{workspaceId}/secrets', {
          params: { path: { workspaceId: id } },
          body: { name: secretName, value: `${label}-${secretName}-value`, description: `${title} secret` },
        }),
      ),
      201,
    );
  }
  const httpTool = bodyOf(
    await answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/ai/tools', {
        params: { path: { workspaceId: id } },
        body: {
          name: `${label}-crm.lookup`,
          description: `Finds a contact in ${title}'s CRM.`,
          inputSchema: { type: 'object', properties: { email: { type: 'string' } } },
          request: {
            method: 'GET',
            url: `https://${label}.crm.keel.invalid/contacts?email={{input.email}}`,
            headers: { authorization: `Bearer {{secrets.${secretNames[0]}}}` },
          },
          secrets: [secretNames[0]],
          annotations: { readOnly: true },
        },
      }),
    ),
    201,
  );

  const aiThread = bodyOf(
    await answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/ai/threads', {
        params: { path: { workspaceId: id } },
        body: { title: `${title} thread` },
      }),
    ),
    201,
  );

  // Usage metering: a meter, an event it counted (a rollup and a raw event) and a correction.
  const meter = bodyOf(
    await answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/meters', {
        params: { path: { workspaceId: id } },
        body: { key: `${label}-calls`, eventType: 'call', aggregation: 'sum', groupBy: ['region'] },
      }),
    ),
    201,
  );
  bodyOf(
    await answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/meters', {
        params: { path: { workspaceId: id } },
        body: { key: `${label}-callers`, eventType: 'call', aggregation: 'unique_count', valueProperty: 'caller' },
      }),
    ),
    201,
  );
  bodyOf(
    await answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/usage-events', {
        params: { path: { workspaceId: id } },
        body: {
          events: [
            {
              id: `${label}-call-1`,
              type: 'call',
              timestamp: new Date().toISOString(),
              value: 3,
              properties: { region: 'eu', caller: 'ann' },
            },
          ],
        },
      }),
    ),
    202,
  );
  bodyOf(
    await answerOf(
      owner.client.POST('/v1/workspaces/{workspaceId}/usage-adjustments', {
        params: { path: { workspaceId: id } },
        body: { meter: meter.key, period: new Date().toISOString(), delta: 1, reason: `${title} correction` },
      }),
    ),
    201,
  );

  return {
    document,
    id,
    name,
    slug,
    owner,
    member,
    pendingInvite,
    customRole,
    apiKey,
    project,
    comment,
    draftWorkflow,
    automationRule,
    webhookEndpoint,
    release,
    evidence,
    gate,
    evaluation,
    pendingWaivers,
    aiPolicy,
    aiExecution,
    pendingApprovals,
    secretNames,
    httpTool,
    aiThread,
  };
}
