import { Workspace } from '../workspace.entity';

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

  static of(workspace: Workspace, role: string | null): WorkspaceResponse {
    return {
      id: workspace.id,
      name: workspace.name,
      slug: workspace.slug,
      createdAt: workspace.createdAt.toISOString(),
      role,
    };
  }
}

export class WorkspaceListResponse {
  data: WorkspaceResponse[];
  /** @example null */
  nextCursor: string | null;
}
