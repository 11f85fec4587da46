import { UserIdentity } from '../user-identity.entity';

/** A link between the account and an OpenID Provider: signing in there signs this account in. */
export class UserIdentityResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  id: string;
  /** The provider's key (OIDC_PROVIDERS). @example "google" */
  provider: string;
  /** The email the provider last gave. @example "ada@example.com" */
  email: string | null;
  /** @example "2026-11-29T10:00:00.000Z" */
  createdAt: string;
  /** When it last signed the account in (or was linked). @example "2026-11-29T10:14:00.000Z" */
  lastUsedAt: string;

  static of(identity: UserIdentity): UserIdentityResponse {
    return {
      id: identity.id,
      provider: identity.provider,
      email: identity.email,
      createdAt: identity.createdAt.toISOString(),
      lastUsedAt: identity.lastUsedAt.toISOString(),
    };
  }
}

export class UserIdentityListResponse {
  data: UserIdentityResponse[];
  /** Always null: every link fits one page. */
  nextCursor: string | null;
}
