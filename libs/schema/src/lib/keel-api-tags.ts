import type { ApiTag } from '@keel/platform-runtime';

/**
 * The API reference's table of contents: every tag a route uses, in the order
 * a newcomer meets them (an account first, then a workspace and its people,
 * then the work and its plumbing), each with what it is for. A context that
 * adds a tag adds it here, where its reader would look for it;
 * test/api-reference.e2e-spec.ts fails for a tag without a description. A
 * tag no route uses (yet) is left out of the document.
 */
export const keelApiTags: readonly ApiTag[] = [
  {
    name: 'auth',
    description:
      'Accounts and tokens: sign up, sign in, refresh and sign out; verify the email address; forgotten and changed ' +
      'passwords; the keys that verify access tokens.',
  },
  { name: 'me', description: 'The signed-in account: its workspaces, its sessions (devices) and its own audit trail.' },
  {
    name: 'workspaces',
    description: 'A workspace is the tenant: everything else lives in one. Its creator is its owner.',
  },
  { name: 'members', description: "A workspace's members: their roles, removing them, transferring ownership." },
  {
    name: 'invites',
    description:
      'Inviting people by email with a role; they accept with the mailed token, signed in as the invited address.',
  },
  {
    name: 'roles',
    description: 'Built-in and custom roles, made of permissions from the permission catalog.',
  },
  {
    name: 'api-keys',
    description:
      'Workspace API keys for scripts and pipelines: sent as the bearer, limited to their scopes, shown once.',
  },
  {
    name: 'projects',
    description: 'Projects: the work a workspace tracks, each in a state of the active workflow.',
  },
  {
    name: 'workflow',
    description:
      'The workflow projects run on: states, transitions and their rules, drafted and published as versions.',
  },
  {
    name: 'transitions',
    description: 'Moving a project to another state, the transitions open to the caller, and dry runs of a move.',
  },
  { name: 'comments', description: 'Comments on projects (Markdown).' },
  { name: 'activity', description: "What happened to a workspace's projects, as a feed." },
  {
    name: 'events',
    description:
      'Domain events: the catalog of types and their JSON Schemas, the workspace feed, and consumer dead letters. ' +
      'Each type is also a webhook (see **Webhooks**).',
  },
  {
    name: 'webhooks',
    description:
      "Endpoints that receive the workspace's events as signed POSTs, their deliveries and attempts, secret " +
      'rotation, test messages, retries and replays.',
  },
  {
    name: 'automations',
    description: 'Rules that act when an event matches: change projects, comment, send webhooks; their runs.',
  },
  { name: 'jobs', description: 'Background job runs: status, progress, trail, cancel and retry.' },
  {
    name: 'release-gates',
    description:
      'Release gates for CI pipelines: releases, the evidence uploaded for them (test reports, coverage, scans, ' +
      'approvals), gates and their templates, evaluations, waivers and promotions.',
  },
  {
    name: 'billing',
    description:
      "Plans and the workspace's subscription, entitlements (what the plan allows, what is used), usage, invoices.",
  },
  {
    name: 'documents',
    description:
      "The workspace's documents (text, Markdown, HTML, CSV, JSON, PDF, DOCX, XLSX): uploads, their ingestion " +
      'status and retries, full-text search and retrieval with citations; restricted documents only for the roles ' +
      'they allow.',
  },
  {
    name: 'ai-tools',
    description:
      'Tools a language model can call as the caller, under a deny-by-default workspace policy with budgets: the ' +
      'tools, the policy and its simulation, executions of tool calls, and the log of every decision.',
  },
  { name: 'audit', description: "The workspace's audit trail: who changed what, and when." },
  {
    name: 'admin',
    description:
      "The platform operators' routes, `/v1/admin/*`: platform admins only (granted on the server with " +
      '`admin:grant`, never through the API; an API key is refused whatever its scopes), each request written ' +
      'to the platform audit log.',
  },
  { name: 'health', description: 'Liveness and readiness, for load balancers and orchestrators.' },
];
