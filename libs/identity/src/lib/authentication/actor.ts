/** Who is acting: a signed-in user (through a session), a workspace API key, or an automation rule. */
export type Actor = UserActor | ApiKeyActor | AutomationActor;

export interface UserActor {
  readonly kind: 'user';
  readonly userId: string;
  readonly sessionId: string;
  /** The session's assurance level as its access token states it: `aal2` after a second factor. */
  readonly aal: 'aal1' | 'aal2';
  /** When the session's user last proved who they are (sign-in or step-up). */
  readonly authTime: Date;
  /**
   * Set when a platform admin acts as this user (an impersonation token, RFC
   * 8693 `act` claim): who really acts. The session is the impersonation's.
   */
  readonly impersonation?: { readonly actorUserId: string };
}

export interface ApiKeyActor {
  readonly kind: 'api-key';
  readonly apiKeyId: string;
  /** The one workspace the key acts in. */
  readonly workspaceId: string;
  /** The permissions the key was given; it never has more. */
  readonly scopes: readonly string[];
}

/** An automation rule acting on an event (never over HTTP): its changes are attributed to the rule. */
export interface AutomationActor {
  readonly kind: 'automation';
  readonly ruleId: string;
  readonly workspaceId: string;
}

/** How an actor appears in audit trails and activity: `user:<id>`, `api-key:<id>` or `automation:<ruleId>`. */
export function actorReference(actor: Actor): { type: 'user' | 'api-key' | 'automation'; id: string } {
  switch (actor.kind) {
    case 'user':
      return { type: 'user', id: actor.userId };
    case 'api-key':
      return { type: 'api-key', id: actor.apiKeyId };
    case 'automation':
      return { type: 'automation', id: actor.ruleId };
  }
}
