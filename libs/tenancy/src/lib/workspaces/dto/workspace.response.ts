import { Workspace } from '../workspace.entity';
import { WorkspaceSecurityResponse } from './workspace-security.response';

/** Why the caller's session cannot use the workspace now: `mfa_required` until it has a second factor. */
export type WorkspaceBlock = 'mfa_required';

export class WorkspaceResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  id: string;
  /** @example "Acme Inc." */
  name: string;
  /** @example "acme" */
  slug: string;
  /** @example "2026-11-29T10:00:00.000Z" */
  createdAt: string;
  /** The caller's role here; null for an API key. @example "owner" */
  role: string | null;
  security: WorkspaceSecurityResponse;
  /**
   * Why the caller's session cannot use the workspace now, or null: `mfa_required` when it requires a second factor
   * the session has not given (set up MFA at POST /v1/me/mfa/totp, then sign in with it). @example null
   */
  blockedBy: WorkspaceBlock | null;

  static of(workspace: Workspace, role: string | null, blockedBy: WorkspaceBlock | null = null): WorkspaceResponse {
    return {
      id: workspace.id,
      name: workspace.name,
      slug: workspace.slug,
      createdAt: workspace.createdAt.toISOString(),
      role,
      security: { requireMfa: workspace.requireMfa },
      blockedBy,
    };
  }
}

export class WorkspaceListResponse {
  data: WorkspaceResponse[];
  /** @example null */
  nextCursor: string | null;
}
