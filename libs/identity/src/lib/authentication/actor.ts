/** Who is calling: a signed-in user (through a session) or a workspace API key. */
export type Actor = UserActor | ApiKeyActor;

export interface UserActor {
  readonly kind: 'user';
  readonly userId: string;
  readonly sessionId: string;
}

export interface ApiKeyActor {
  readonly kind: 'api-key';
  readonly apiKeyId: string;
  /** The one workspace the key acts in. */
  readonly workspaceId: string;
  /** The permissions the key was given; it never has more. */
  readonly scopes: readonly string[];
}

/** How an actor appears in audit trails and activity: `user:<id>` or `api-key:<id>`. */
export function actorReference(actor: Actor): { type: 'user' | 'api-key'; id: string } {
  return actor.kind === 'user' ? { type: 'user', id: actor.userId } : { type: 'api-key', id: actor.apiKeyId };
}
