/**
 * Every permission a role or an API key can hold, as `resource:action`. The
 * catalog is code: a permission exists because a route checks it. Later
 * contexts add theirs here.
 */
export const PERMISSION_CATALOG = {
  'workspace:read': 'See the workspace, its name and slug.',
  'workspace:update': 'Rename the workspace or change its slug.',
  'workspace:delete': 'Delete the workspace and everything in it.',
  'ownership:transfer': 'Hand ownership of the workspace to another member.',
  'workspace:export': "Export the whole workspace as a bundle (members' emails, projects, documents and more).",
  'members:read': 'List the members and their roles.',
  'members:update': 'Change the role of a member.',
  'members:remove': 'Remove a member from the workspace (anyone may leave).',
  'invites:read': 'List the invites.',
  'invites:write': 'Invite people, resend and revoke invites.',
  'roles:read': 'List the roles and their permissions.',
  'roles:write': 'Create, change and delete custom roles.',
  'api-keys:read': 'List the API keys (never their secrets).',
  'api-keys:write': 'Create and revoke API keys.',
  'audit:read': 'Read the audit trail.',
  'projects:read': 'See projects, their activity, comments and the transitions open to them.',
  'projects:write': 'Create projects, edit their name and description, archive and restore them.',
  'projects:transition': 'Move projects between workflow states (a transition may ask for more).',
  'comments:write': "Comment on projects, and edit or delete one's own comments.",
  'comments:moderate': "Delete anyone's comments.",
  'workflow:read': 'See the workflow and its versions.',
  'workflow:write': 'Draft and publish workflow versions.',
  'events:read': 'See the domain events of the workspace and the deliveries consumers gave up on.',
  'events:replay': 'Replay dead-lettered event deliveries.',
  'jobs:read': 'See background jobs, their progress and trail.',
  'jobs:manage': 'Cancel and retry background jobs.',
  'automations:read': 'See automation rules and their runs.',
  'automations:write': 'Create, change, test and delete automation rules, and replay their runs.',
  'webhooks:read': 'See webhook endpoints and their deliveries (never their secrets).',
  'webhooks:write': 'Create, change and delete webhook endpoints, and retry deliveries.',
  'gates:read': 'See releases, their evidence, gates, evaluations, waivers and promotions.',
  'gates:write': 'Create, change and delete release gates.',
  'gates:approve': 'Approve or reject waivers that someone else requested.',
  'releases:write': 'Register releases, evaluate them against gates and request waivers.',
  'releases:promote': 'Promote a release to a stage (allowed only when its required gates pass).',
  'billing:read': "See the workspace's plan, subscription, entitlements, usage and invoices.",
  'billing:manage': 'Change plan, cancel, manage meters and usage corrections, resolve billing mismatches.',
  'usage:write': "Report usage events for the workspace's meters: a metering integration's key.",
  'evidence:write': "Upload evidence (test reports, coverage, scans, benchmarks) to a release: a CI pipeline's key.",
  'documents:read': 'See documents, their content and status, and search and retrieve their passages.',
  'documents:write': 'Upload, change, reprocess and delete documents.',
  'documents:restricted': 'See restricted documents whatever roles they allow (owners and admins have it).',
  'ai:use': 'List the AI tools open to you and run them, under the workspace AI policy; see your executions.',
  'ai:manage': 'Register workspace AI tools, write the AI policy, simulate it and read its decision log.',
  'ai:approve': 'Approve or reject AI tool calls that the policy holds for approval (never your own).',
  'secrets:manage': 'Create, replace and delete workspace secrets (their values are never shown).',
} as const satisfies Record<string, string>;

export type Permission = keyof typeof PERMISSION_CATALOG;

export const ALL_PERMISSIONS = Object.keys(PERMISSION_CATALOG) as Permission[];

export function isPermission(value: string): value is Permission {
  return Object.prototype.hasOwnProperty.call(PERMISSION_CATALOG, value);
}
