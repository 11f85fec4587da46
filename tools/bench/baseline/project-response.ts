/** A row of `projects` as `pg` returns it. */
export interface ProjectRow {
  workspace_id: string;
  id: string;
  key: string;
  name: string;
  description: string;
  state: string;
  state_category: string;
  workflow_version: number;
  version: number;
  created_by_type: string | null;
  created_by_id: string | null;
  created_at: Date;
  updated_at: Date;
  archived_at: Date | null;
}

/** Every column, as Keel's repository reads a project. */
export const PROJECT_COLUMNS =
  'workspace_id, id, key, name, description, state, state_category, workflow_version, version, ' +
  'created_by_type, created_by_id, created_at, updated_at, archived_at';

/** Keel's ProjectResponse. */
export interface ProjectResponse {
  id: string;
  key: string;
  name: string;
  description: string;
  state: string;
  stateCategory: string;
  workflowVersion: number;
  version: number;
  createdBy: { type: string; id: string } | null;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

/** What Keel answers for a project (ProjectResponse.of). */
export function projectResponse(row: ProjectRow): ProjectResponse {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    state: row.state,
    stateCategory: row.state_category,
    workflowVersion: row.workflow_version,
    version: row.version,
    createdBy: row.created_by_type && row.created_by_id ? { type: row.created_by_type, id: row.created_by_id } : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    archivedAt: row.archived_at?.toISOString() ?? null,
  };
}
