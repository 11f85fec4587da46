import { ActorReferenceResponse } from '@keel/identity';
import { Project } from '../project.entity';

export class ProjectResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a30" */
  id: string;
  /** @example "WEB" */
  key: string;
  /** @example "Website relaunch" */
  name: string;
  /** Markdown. @example "New design, new CMS." */
  description: string;
  /** A state of the workflow version the project runs on. @example "In progress" */
  state: string;
  /** `todo`, `in_progress`, `done` or `cancelled`. @example "in_progress" */
  stateCategory: string;
  /** @example 1 */
  workflowVersion: number;
  /** Send it back as `expectedVersion` on the next write. @example 3 */
  version: number;
  createdBy: ActorReferenceResponse | null;
  /** @example "2026-11-29T10:00:00.000Z" */
  createdAt: string;
  /** @example "2026-11-29T11:00:00.000Z" */
  updatedAt: string;
  /** @example null */
  archivedAt: string | null;

  static of(project: Project): ProjectResponse {
    return {
      id: project.id,
      key: project.key,
      name: project.name,
      description: project.description,
      state: project.state,
      stateCategory: project.stateCategory,
      workflowVersion: project.workflowVersion,
      version: project.version,
      createdBy: ActorReferenceResponse.of(project.createdByType, project.createdById),
      createdAt: project.createdAt.toISOString(),
      updatedAt: project.updatedAt.toISOString(),
      archivedAt: project.archivedAt?.toISOString() ?? null,
    };
  }
}

export class ProjectListResponse {
  data: ProjectResponse[];
  /** @example null */
  nextCursor: string | null;
}
