/** NIST SP 800-63B authenticator assurance: `aal1` one factor, `aal2` two. */
export type AssuranceLevel = 'aal1' | 'aal2';

/** How a session's user proved who they are, carried by its access tokens. */
export interface Assurance {
  aal: AssuranceLevel;
  /** RFC 8176 authentication method references, e.g. `['pwd']` or `['pwd', 'otp', 'mfa']`. */
  amr: string[];
  /** When the proof happened. */
  authenticatedAt: Date;
}

export const PASSWORD_ONLY = (): Assurance => ({ aal: 'aal1', amr: ['pwd'], authenticatedAt: new Date() });

/**
 * A sign-in through an OpenID Provider: one factor as far as Keel knows (what the provider asked for is its own
 * business), `fed` for federated — not an RFC 8176 value, which has none for it.
 */
export const FEDERATED = (): Assurance => ({ aal: 'aal1', amr: ['fed'], authenticatedAt: new Date() });

/** How long a proof counts as recent for a sensitive action (step-up). */
export const STEP_UP_MAX_AGE_SECONDS = 600;
