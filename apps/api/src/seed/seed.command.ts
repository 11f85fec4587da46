import { randomBytes } from 'node:crypto';
import { ConfigSet, KeelConfig } from '@keel/platform-config';
import { DevMailbox, MailConfig } from '@keel/platform-mail';
import type { KeelCommand, KeelCommandContext } from '@keel/platform-runtime';
import { createKeelClient, isProblemDetails, KeelClient } from '@keel/sdk';
import { DEMO_PEOPLE, DEMO_PROJECTS, DEMO_RULE, DEMO_WEBHOOK, DEMO_WORKFLOW, DEMO_WORKSPACE } from './demo-data';

interface SdkResult<Data> {
  data?: Data;
  error?: unknown;
  response: Response;
}

/** The call's data, or an error naming the step and Keel's problem. */
async function ok<Data>(step: string, call: Promise<SdkResult<Data>>): Promise<Data> {
  const { data, error, response } = await call;
  if (response.ok) return data as Data;
  const problem = isProblemDetails(error) ? `${error.code}: ${error.detail ?? error.title}` : `HTTP ${response.status}`;
  throw new Error(`seed: ${step} failed (${problem})`);
}

/** The token of the newest mail to `email` linking to `page`, from this process's DevMailbox. */
function mailedToken(mailbox: DevMailbox, email: string, page: string): string {
  for (const mail of mailbox.list()) {
    if (mail.to !== email) continue;
    const link = mail.text.split(/\s/).find((word) => word.includes(`/${page}?token=`));
    const token = link ? new URL(link).searchParams.get('token') : null;
    if (token) return token;
  }
  throw new Error(`seed: no ${page} mail to ${email} was kept`);
}

interface Person {
  email: string;
  client: KeelClient;
}

async function signUp(url: string, person: { name: string; email: string }, password: string): Promise<Person> {
  const pair = await ok(
    `signing up ${person.email}`,
    createKeelClient({ baseUrl: url }).POST('/v1/auth/signup', { body: { ...person, password } }),
  );
  return { email: person.email, client: createKeelClient({ baseUrl: url, accessToken: pair.accessToken }) };
}

/** Verifies the address through the link the sign-up mailed, as its owner would. */
async function verify(url: string, mailbox: DevMailbox, email: string): Promise<void> {
  const token = mailedToken(mailbox, email, 'verify-email');
  await ok(`verifying ${email}`, createKeelClient({ baseUrl: url }).POST('/v1/auth/email/verify', { body: { token } }));
}

async function seed({ url, app, configs, print }: KeelCommandContext): Promise<void> {
  const mailbox = app.get(DevMailbox);
  const password = `demo ${randomBytes(9).toString('base64url')}`;
  const [ownerData, ...others] = DEMO_PEOPLE;

  const probe = await createKeelClient({ baseUrl: url }).POST('/v1/auth/signup', {
    body: { name: ownerData.name, email: ownerData.email, password },
  });
  if (!probe.response.ok) {
    if (isProblemDetails(probe.error) && probe.error.code === 'EMAIL_TAKEN') {
      print(alreadySeededText(configs));
      return;
    }
    await ok(`signing up ${ownerData.email}`, Promise.resolve(probe));
  }
  const owner: Person = {
    email: ownerData.email,
    client: createKeelClient({ baseUrl: url, accessToken: probe.data?.accessToken }),
  };
  await verify(url, mailbox, owner.email);

  const workspace = await ok('creating the workspace', owner.client.POST('/v1/workspaces', { body: DEMO_WORKSPACE }));
  const workspaceId = workspace.id;
  const inWorkspace = { params: { path: { workspaceId } } };

  for (const person of others) {
    const invite = await ok(
      `inviting ${person.email}`,
      owner.client.POST('/v1/workspaces/{workspaceId}/invites', {
        ...inWorkspace,
        body: { email: person.email, role: person.role },
      }),
    );
    const member = await signUp(url, { name: person.name, email: person.email }, password);
    await verify(url, mailbox, person.email);
    await ok(
      `${person.email} accepting the invite`,
      member.client.POST('/v1/invites/accept', { body: { token: invite.token } }),
    );
  }

  const draft = await ok(
    'drafting workflow version 2',
    owner.client.POST('/v1/workspaces/{workspaceId}/workflow/versions', { ...inWorkspace, body: DEMO_WORKFLOW }),
  );
  const workflow = await ok(
    'publishing workflow version 2',
    owner.client.POST('/v1/workspaces/{workspaceId}/workflow/versions/{versionId}/publish', {
      params: { path: { workspaceId, versionId: draft.id } },
      body: {},
    }),
  );

  const endpoint = await ok(
    'creating the webhook endpoint',
    owner.client.POST('/v1/workspaces/{workspaceId}/webhook-endpoints', {
      ...inWorkspace,
      body: { ...DEMO_WEBHOOK, enabled: true },
    }),
  );
  // Before the projects, so creating them fires it (once a worker runs).
  const rule = await ok(
    'creating the automation rule',
    owner.client.POST('/v1/workspaces/{workspaceId}/automations', { ...inWorkspace, body: DEMO_RULE }),
  );

  const projects: string[] = [];
  for (const { moves, ...body } of DEMO_PROJECTS) {
    let project = await ok(
      `creating project ${body.key}`,
      owner.client.POST('/v1/workspaces/{workspaceId}/projects', { ...inWorkspace, body }),
    );
    for (const to of moves) {
      await ok(
        `moving ${body.key} to ${to}`,
        owner.client.POST('/v1/workspaces/{workspaceId}/projects/{projectId}/transitions', {
          params: { path: { workspaceId, projectId: project.id } },
          body: { to, expectedVersion: project.version },
        }),
      );
      project = await ok(
        `reading ${body.key}`,
        owner.client.GET('/v1/workspaces/{workspaceId}/projects/{projectId}', {
          params: { path: { workspaceId, projectId: project.id } },
        }),
      );
    }
    projects.push(`${project.key} ${project.name} (${project.state})`);
  }

  print(
    seededText(configs, {
      password,
      workspace: `${workspace.name} (slug ${workspace.slug}, id ${workspace.id})`,
      workflow: `version ${workflow.number}, with an "In review" step`,
      projects,
      rule: `${rule.name} (${DEMO_RULE.trigger.eventType} → a comment)`,
      webhook: `${endpoint.url} (${endpoint.eventTypes.join(', ')})`,
    }),
  );
}

function signInUrl(configs: ConfigSet): string {
  const { PORT } = configs.get(KeelConfig);
  return `http://localhost:${PORT === 0 ? 3000 : PORT}`;
}

function seededText(
  configs: ConfigSet,
  made: { password: string; workspace: string; workflow: string; projects: string[]; rule: string; webhook: string },
): string {
  const people = DEMO_PEOPLE.map((person) => `    ${person.email.padEnd(24)} ${person.role}`);
  return [
    '',
    'Demo data seeded.',
    '',
    `  Workspace:  ${made.workspace}`,
    '  People (sign in with POST /v1/auth/login, or at /docs):',
    ...people,
    `  Password of all three: ${made.password}`,
    '  (printed this once: keep it, or reset it with POST /v1/auth/password/forgot and /dev/mail)',
    `  Workflow:   ${made.workflow}`,
    `  Projects:   ${made.projects.join('; ')}`,
    `  Rule:       ${made.rule}`,
    `  Webhook:    ${made.webhook}`,
    '              its receiver does not exist: deliveries fail and are retried until you point the',
    '              endpoint at yours (PATCH …/webhook-endpoints/{id}; a receiver on this machine needs',
    '              WEBHOOK_ALLOW_PRIVATE=true)',
    '',
    `Start Keel (npm start) and sign in at ${signInUrl(configs)}.`,
    '',
  ].join('\n');
}

function alreadySeededText(configs: ConfigSet): string {
  return [
    '',
    `The demo data is there already (${DEMO_PEOPLE[0].email} has an account): nothing was changed.`,
    'Sign in with the password printed when it was seeded; forgotten, POST /v1/auth/password/forgot',
    `with that address and open the link from ${signInUrl(configs)}/dev/mail.`,
    'To seed afresh, start from an empty database (for the embedded one: stop Keel, delete .data/).',
    '',
  ].join('\n');
}

/**
 * `main.js seed` (`npm run seed`): a demo workspace with three people
 * (owner, admin, member), a published workflow, three projects, an
 * automation rule and a webhook endpoint, made through Keel's own HTTP API
 * (so every rule, event and audit entry applies), by a Keel started in this
 * process on a private loopback port, on the database `npm start` uses.
 * A second run changes nothing and says so. Refused in production.
 */
export const seedCommand: KeelCommand = {
  environment: {
    HOST: '127.0.0.1',
    PORT: '0',
    // Only the API side: a running Keel (or the next start) relays the events and runs the rule.
    KEEL_ROLE: 'api',
    // Mails are kept in this process, where the sign-ups' verification links are read from.
    MAIL_TRANSPORT: 'log',
    MAIL_VIEWER: 'off',
  },
  refusal: (configs) =>
    configs.get(MailConfig).NODE_ENV === 'production'
      ? 'demo data (people with a printed password) has no place in production (NODE_ENV=production); nothing was changed'
      : null,
  run: seed,
};
