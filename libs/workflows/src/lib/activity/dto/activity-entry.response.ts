import { ActorReferenceResponse } from '@keel/identity';
import { ActivityEntry } from '../activity-entry.entity';

export class ActivityTargetResponse {
  /** `project`, `comment` or `workflow_version`. @example "project" */
  type: string;
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a30" */
  id: string;
}

export class ActivityContextResponse {
  /** @example "7f3c1d2e-4b5a-4c6d-8e9f-0a1b2c3d4e5f" */
  requestId: string | null;
  /** @example "203.0.113.7" */
  clientAddress: string | null;
}

export class ActivityEntryResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a31" */
  id: string;
  /** @example "project.transitioned" */
  action: string;
  actor: ActorReferenceResponse | null;
  target: ActivityTargetResponse;
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a30" */
  projectId: string | null;
  /** @example {"transition":"Start","from":"Backlog","to":"In progress","comment":"Kick-off done"} */
  data: Record<string, unknown>;
  context: ActivityContextResponse;
  /** @example "2026-11-29T10:00:00.000Z" */
  occurredAt: string;

  static of(entry: ActivityEntry): ActivityEntryResponse {
    return {
      id: entry.id,
      action: entry.action,
      actor: ActorReferenceResponse.of(entry.actorType, entry.actorId),
      target: { type: entry.targetType, id: entry.targetId },
      projectId: entry.projectId,
      data: entry.data,
      context: { requestId: entry.requestId, clientAddress: entry.clientAddress },
      occurredAt: entry.occurredAt.toISOString(),
    };
  }
}

export class ActivityListResponse {
  data: ActivityEntryResponse[];
  /** @example null */
  nextCursor: string | null;
}
