/** Whether the caller holds a permission in the workspace, and through what. */
export class AccessExplanationResponse {
  /** @example "projects:write" */
  permission: string;
  /** @example false */
  allowed: boolean;
  /** Through a member's role, or an API key's scopes. @example "role" */
  via: 'role' | 'api-key-scope';
  /** The caller's role; null for an API key. @example "viewer" */
  role: string | null;
  /** What the caller holds of the same resource. @example ["projects:read"] */
  related: string[];
  /** @example "projects:write needed; your role viewer has projects:read." */
  reason: string;
}
