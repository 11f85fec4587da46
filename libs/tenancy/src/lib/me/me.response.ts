export class MembershipSummaryResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  workspaceId: string;
  /** @example "Acme Inc." */
  workspaceName: string;
  /** @example "owner" */
  role: string;
}

export class MeResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a11" */
  id: string;
  /** @example "ada@example.com" */
  email: string;
  /** @example "Ada Lovelace" */
  name: string;
  /** @example true */
  emailVerified: boolean;
  memberships: MembershipSummaryResponse[];
}
