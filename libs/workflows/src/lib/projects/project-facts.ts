import { Project } from './project.entity';

/** What transition conditions and JSON-logic rules see of a project. */
export interface ProjectFacts {
  id: string;
  key: string;
  name: string;
  description: string;
  state: string;
  stateCategory: string;
  workflowVersion: number;
  version: number;
  archived: boolean;
}

/** The facts of `project`. */
export function projectFacts(project: Project): ProjectFacts {
  return {
    id: project.id,
    key: project.key,
    name: project.name,
    description: project.description,
    state: project.state,
    stateCategory: project.stateCategory,
    workflowVersion: project.workflowVersion,
    version: project.version,
    archived: project.archivedAt !== null,
  };
}
