/** The version of the data shape of every tenancy event; grows when one changes incompatibly. */
export const TENANCY_EVENT_VERSION = 1;

export const MEMBER_ADDED = 'member.added';
export const MEMBER_REMOVED = 'member.removed';
export const MEMBER_ROLE_CHANGED = 'member.role_changed';
export const INVITE_ACCEPTED = 'invite.accepted';
export const API_KEY_CREATED = 'api_key.created';
export const API_KEY_REVOKED = 'api_key.revoked';

type JsonSchema = Record<string, unknown>;

/** Shaped like the events context's EventTypeDefinition, which tenancy must not import. */
export interface TenancyEventDefinition {
  type: string;
  version: number;
  description: string;
  schema: JsonSchema;
}

const string: JsonSchema = { type: 'string' };
const nullableString: JsonSchema = { type: ['string', 'null'] };

function objectOf(properties: Record<string, JsonSchema>): JsonSchema {
  return { type: 'object', required: Object.keys(properties), properties, additionalProperties: false };
}

const member = objectOf({ userId: string, email: string, name: string, role: string });

/** The catalog entries of membership and API key events, registered by the events module. */
export const TENANCY_EVENT_DEFINITIONS: TenancyEventDefinition[] = [
  {
    type: MEMBER_ADDED,
    version: TENANCY_EVENT_VERSION,
    description:
      'Someone became a member of the workspace: its creator (`via: "workspace_created"`, `inviteId` null) or a person accepting an invite (`via: "invite"`).',
    schema: objectOf({ member, via: { enum: ['workspace_created', 'invite'] }, inviteId: nullableString }),
  },
  {
    type: MEMBER_REMOVED,
    version: TENANCY_EVENT_VERSION,
    description:
      'A member left the workspace (`left: true`, also when they deleted their account) or was removed by someone else; `member.role` is the role they held.',
    schema: objectOf({ member, left: { type: 'boolean' } }),
  },
  {
    type: MEMBER_ROLE_CHANGED,
    version: TENANCY_EVENT_VERSION,
    description:
      "A member's role changed (`member.role` is the new one, `from` the old); an ownership transfer changes two members' roles and publishes one event for each.",
    schema: objectOf({ member, from: string }),
  },
  {
    type: INVITE_ACCEPTED,
    version: TENANCY_EVENT_VERSION,
    description:
      'An invite was accepted: `invite` is the invitation, `member` the person who joined with it (a `member.added` follows in the same transaction).',
    schema: objectOf({
      invite: objectOf({ id: string, email: string, role: string, invitedBy: nullableString }),
      member,
    }),
  },
  {
    type: API_KEY_CREATED,
    version: TENANCY_EVENT_VERSION,
    description: 'An API key of the workspace was minted (its secret is never in an event).',
    schema: objectOf({
      apiKey: objectOf({
        id: string,
        name: string,
        prefix: string,
        scopes: { type: 'array', items: string },
        expiresAt: nullableString,
        createdBy: nullableString,
      }),
    }),
  },
  {
    type: API_KEY_REVOKED,
    version: TENANCY_EVENT_VERSION,
    description:
      'An API key of the workspace was revoked (by hand, or because the account that made it was deleted): requests bearing it are refused from now on.',
    schema: objectOf({ apiKey: objectOf({ id: string, name: string, prefix: string }) }),
  },
];
