import { ActorReferenceResponse } from '@keel/identity';
import { WorkflowVersion, WorkflowVersionStatus } from '../workflow-version.entity';
import { WorkflowStateDto, WorkflowTransitionDto } from './create-workflow-version.dto';

export class WorkflowVersionResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a20" */
  id: string;
  /** What projects record as their `workflowVersion`. @example 2 */
  number: number;
  /** `draft`, `active` (the one projects run on) or `retired`. @example "active" */
  status: WorkflowVersionStatus;
  states: WorkflowStateDto[];
  transitions: WorkflowTransitionDto[];
  /** @example "Backlog" */
  initialState: string;
  /** SHA-256 of the canonical definition. @example "sha256:9f2c1e5b7d3a4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f607" */
  contentHash: string;
  createdBy: ActorReferenceResponse | null;
  /** @example "2026-11-29T10:00:00.000Z" */
  createdAt: string;
  /** @example "2026-11-29T10:05:00.000Z" */
  publishedAt: string | null;

  static of(version: WorkflowVersion): WorkflowVersionResponse {
    return {
      id: version.id,
      number: version.number,
      status: version.status,
      states: version.states,
      transitions: version.transitions,
      initialState: version.initialState,
      contentHash: version.contentHash,
      createdBy: ActorReferenceResponse.of(version.createdByType, version.createdById),
      createdAt: version.createdAt.toISOString(),
      publishedAt: version.publishedAt?.toISOString() ?? null,
    };
  }
}

export class WorkflowVersionListResponse {
  data: WorkflowVersionResponse[];
  /** @example null */
  nextCursor: string | null;
}
