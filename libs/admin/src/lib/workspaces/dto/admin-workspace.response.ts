import type { WorkspaceStatus } from './admin-workspace-query.dto';

export class AdminWorkspaceCountsResponse {
  /** @example 12 */
  members: number;
  /** @example 4 */
  projects: number;
  /** Its documents, restricted ones included. @example 12 */
  documents: number;
  /** Bytes its documents hold in the blob store (their sizes as uploaded). @example 1048576 */
  storedBytes: number;
}

export class AdminWorkspaceResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a11" */
  id: string;
  /** @example "Acme" */
  name: string;
  /** @example "acme" */
  slug: string;
  /** `active`, `suspended`, or `pending_deletion` (deleted by an admin, removed at `deletionDueAt`). @example "active" */
  status: WorkspaceStatus;
  /** The key of the plan the workspace is subscribed to; null without a subscription. @example "team" */
  plan: string | null;
  counts: AdminWorkspaceCountsResponse;
  /** @example "2026-11-02T09:00:00.000Z" */
  createdAt: string;
  /** The latest domain event of the workspace or use of one of its API keys; null when none. @example "2026-12-07T09:41:00.000Z" */
  lastActiveAt: string | null;
}

export class AdminWorkspaceOwnerResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  userId: string;
  /** @example "ada@example.com" */
  email: string;
  /** @example "Ada Lovelace" */
  name: string;
}

export class AdminWorkspaceDetailResponse extends AdminWorkspaceResponse {
  /** @example null */
  suspendedAt: string | null;
  /** When a scheduled deletion removes the workspace. @example null */
  deletionDueAt: string | null;
  /** The reason the admin gave for the suspension or deletion. @example null */
  holdReason: string | null;
  owners: AdminWorkspaceOwnerResponse[];
}

export class AdminWorkspaceListResponse {
  data: AdminWorkspaceResponse[];
  /** @example null */
  nextCursor: string | null;
}
