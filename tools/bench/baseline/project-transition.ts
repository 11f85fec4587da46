import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { PROJECT_COLUMNS, ProjectResponse, projectResponse, ProjectRow } from './project-response';
import { inScopedTransaction } from './scoped-transaction';

/** Keel's DEFAULT_TRANSITION_PERMISSION, ANY_STATE and WORKFLOW_EVENT_VERSION. */
const DEFAULT_TRANSITION_PERMISSION = 'projects:transition';
const ANY_STATE = '*';
const EVENT_VERSION = 1;

interface WorkflowState {
  name: string;
  category: string;
}

interface WorkflowTransition {
  name: string;
  from: string[];
  to: string;
  permission?: string;
  conditions?: { commentRequired?: boolean; requiredFields?: ('name' | 'description')[]; rule?: unknown };
}

/** A row of `workflow_versions` as `pg` returns it (jsonb parsed). */
interface WorkflowVersionRow {
  workspace_id: string;
  id: string;
  number: number;
  status: string;
  states: WorkflowState[];
  transitions: WorkflowTransition[];
  initial_state: string;
  content_hash: string;
  created_by_type: string | null;
  created_by_id: string | null;
  created_at: Date;
  published_at: Date | null;
}

const WORKFLOW_COLUMNS =
  'workspace_id, id, number, status, states, transitions, initial_state, content_hash, ' +
  'created_by_type, created_by_id, created_at, published_at';

/** A transition request, with who asks and the request's context. */
export interface TransitionCommand {
  workspaceId: string;
  projectId: string;
  to: string;
  comment: string | null;
  expectedVersion: number;
  /** The user who asks. */
  actorId: string;
  holds(permission: string): boolean;
  requestId: string;
  clientAddress: string;
  traceparent: string;
}

/** A request refused by one of Keel's checks: the transaction rolls back, the answer is its status and code. */
export class TransitionRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(detail);
  }
}

/** Keel's leavesFrom: a transition leaves a state it names (or any, `*`) and does not lead back into it. */
function leavesFrom(transition: WorkflowTransition, state: string): boolean {
  return transition.to !== state && (transition.from.includes(ANY_STATE) || transition.from.includes(state));
}

/**
 * Keel's checks (evaluateTransition) in Keel's order, the first failing one
 * refusing: archived, stale version, no such transition, a permission
 * missing, a condition not met. The default workflow's transitions have no
 * conditions; a JSON-logic rule is not evaluated here and refused as such.
 */
function evaluate(
  workflow: WorkflowVersionRow,
  project: ProjectRow,
  command: TransitionCommand,
): { transition: WorkflowTransition; target: WorkflowState } {
  if (project.archived_at !== null) {
    throw new TransitionRefused(409, 'PROJECT_ARCHIVED', 'The project is archived; restore it first.');
  }
  if (project.version !== command.expectedVersion) {
    throw new TransitionRefused(409, 'VERSION_CONFLICT', `The project is at version ${project.version}.`);
  }
  const transition = workflow.transitions.find(
    (candidate) => candidate.to === command.to && leavesFrom(candidate, project.state),
  );
  if (!transition) {
    throw new TransitionRefused(
      409,
      'TRANSITION_NOT_ALLOWED',
      `No transition from "${project.state}" to "${command.to}".`,
    );
  }
  const missing = [DEFAULT_TRANSITION_PERMISSION, transition.permission ?? DEFAULT_TRANSITION_PERMISSION].find(
    (permission) => !command.holds(permission),
  );
  if (missing !== undefined) throw new TransitionRefused(403, 'PERMISSION_DENIED', `This needs ${missing}.`);
  const conditions = transition.conditions ?? {};
  if (conditions.rule !== undefined) {
    throw new TransitionRefused(501, 'NOT_IN_THE_BASELINE', 'The baseline does not evaluate JSON-logic rules.');
  }
  const unmet =
    (conditions.commentRequired === true && !command.comment?.trim()) ||
    (conditions.requiredFields ?? []).some((field) => !project[field].trim());
  if (unmet)
    throw new TransitionRefused(422, 'TRANSITION_CONDITION_FAILED', `"${transition.name}" has unmet conditions.`);
  const target = workflow.states.find((state) => state.name === transition.to);
  if (!target) throw new Error(`Workflow version ${workflow.number} has no state "${transition.to}".`);
  return { transition, target };
}

/**
 * POST …/transitions with Keel's statements in Keel's order, in one tenant
 * transaction: the active workflow version FOR SHARE, the project, the checks,
 * the UPDATE that only matches the expected version, the activity entry and
 * the `project.transitioned` event (carrying the project as answered).
 */
export function transitionProject(pool: Pool, command: TransitionCommand): Promise<ProjectResponse> {
  const { workspaceId, projectId } = command;
  return inScopedTransaction(pool, workspaceId, [], async (client) => {
    const versions = await client.query<WorkflowVersionRow>(
      `SELECT ${WORKFLOW_COLUMNS} FROM workflow_versions WHERE workspace_id = $1 AND status = $2 FOR SHARE`,
      [workspaceId, 'active'],
    );
    const workflow = versions.rows[0];
    // Keel installs the default workflow in a workspace without one; every workspace the API made has one.
    if (!workflow) throw new Error(`Workspace ${workspaceId} has no active workflow version.`);
    const projects = await client.query<ProjectRow>(
      `SELECT ${PROJECT_COLUMNS} FROM projects WHERE workspace_id = $1 AND id = $2 LIMIT 1`,
      [workspaceId, projectId],
    );
    const project = projects.rows[0];
    if (!project) throw new TransitionRefused(404, 'NOT_FOUND', 'No project of this workspace has this id.');
    const { transition, target } = evaluate(workflow, project, command);

    const updatedAt = new Date();
    const updated = await client.query(
      `UPDATE projects SET state = $1, state_category = $2, updated_at = $3, version = version + 1
        WHERE workspace_id = $4 AND id = $5 AND version = $6`,
      [target.name, target.category, updatedAt, workspaceId, projectId, command.expectedVersion],
    );
    // A writer that read the same version committed first (Keel reads the project again to name its version).
    if (updated.rowCount !== 1) throw new TransitionRefused(409, 'VERSION_CONFLICT', 'The project changed meanwhile.');
    const answer = projectResponse({
      ...project,
      state: target.name,
      state_category: target.category,
      updated_at: updatedAt,
      version: command.expectedVersion + 1,
    });
    const details = {
      transition: transition.name,
      from: project.state,
      to: target.name,
      fromCategory: project.state_category,
      toCategory: target.category,
      comment: command.comment,
    };
    await client.query(
      `INSERT INTO activity_entries (workspace_id, id, project_id, action, actor_type, actor_id, target_type, target_id,
         data, request_id, client_address, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        workspaceId,
        uuidv7(),
        projectId,
        'project.transitioned',
        'user',
        command.actorId,
        'project',
        projectId,
        JSON.stringify(details),
        command.requestId,
        command.clientAddress,
        new Date(),
      ],
    );
    await client.query(
      `INSERT INTO outbox (workspace_id, id, type, version, occurred_at, actor_type, actor_id, data, traceparent,
         causation_id, depth, relayed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, DEFAULT)`,
      [
        workspaceId,
        uuidv7(),
        'project.transitioned',
        EVENT_VERSION,
        new Date(),
        'user',
        command.actorId,
        JSON.stringify({ ...details, project: answer }),
        command.traceparent,
        null,
        0,
      ],
    );
    return answer;
  });
}
