import type { EventTypeDefinition, JsonSchema } from '@keel/events';

export const ADMIN_EVENT_VERSION = 1;
export const WORKSPACE_SUSPENDED = 'workspace.suspended';
export const WORKSPACE_RESTORED = 'workspace.restored';
export const WORKSPACE_DELETION_SCHEDULED = 'workspace.deletion_scheduled';

const workspace: JsonSchema = {
  type: 'object',
  required: ['id', 'name', 'slug'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, slug: { type: 'string' } },
  additionalProperties: false,
};
const reason: JsonSchema = { type: ['string', 'null'] };

/** What platform admins do to a workspace, published in that workspace's outbox. */
export const ADMIN_EVENT_DEFINITIONS: EventTypeDefinition[] = [
  {
    type: WORKSPACE_SUSPENDED,
    version: ADMIN_EVENT_VERSION,
    description:
      'A platform admin suspended the workspace: every request of its members and API keys now answers 423 WORKSPACE_SUSPENDED until it is restored.',
    schema: { type: 'object', required: ['workspace', 'reason'], properties: { workspace, reason } },
  },
  {
    type: WORKSPACE_DELETION_SCHEDULED,
    version: ADMIN_EVENT_VERSION,
    description:
      'A platform admin deleted the workspace: it is refused like a suspended one and removed at `deletionDueAt` unless restored before.',
    schema: {
      type: 'object',
      required: ['workspace', 'reason', 'deletionDueAt'],
      properties: { workspace, reason, deletionDueAt: { type: 'string' } },
    },
  },
  {
    type: WORKSPACE_RESTORED,
    version: ADMIN_EVENT_VERSION,
    description: 'A platform admin lifted a suspension or a scheduled deletion: the workspace answers again.',
    schema: { type: 'object', required: ['workspace', 'reason'], properties: { workspace, reason } },
  },
];
