import { Injectable } from '@nestjs/common';
import { DEFAULT_PAGE_SIZE } from '@keel/platform-database';
import { AutomationRuleDirectory } from '@keel/automation';
import { ProjectOperations, STATE_CATEGORIES } from '@keel/workflows';
import type { AiTool, ToolAnnotations } from './ai-tool';
import {
  activityEntry,
  automationRule,
  comment,
  cursor,
  limit,
  pageOf,
  project,
  projectId,
} from './built-in-tool-schemas';

const READ: ToolAnnotations = { readOnly: true, destructive: false, idempotent: true, openWorld: false };
const ADD: ToolAnnotations = { readOnly: false, destructive: false, idempotent: false, openWorld: false };
/** A transition overwrites the state the project was in (it may cancel it): destructive in MCP's sense. */
const CHANGE: ToolAnnotations = { readOnly: false, destructive: true, idempotent: false, openWorld: false };

type Input = Record<string, unknown>;
const text = (input: Input, key: string): string | undefined => input[key] as string | undefined;
const pageSize = (input: Input): number => (input['limit'] as number | undefined) ?? DEFAULT_PAGE_SIZE;

/**
 * The tools every workspace has: each calls the service its HTTP route calls,
 * as the caller, so the route's checks, activity and events all apply; each
 * needs the permission its route needs.
 */
@Injectable()
export class BuiltInTools {
  readonly all: readonly AiTool[];

  constructor(projects: ProjectOperations, automations: AutomationRuleDirectory) {
    const tools: Omit<AiTool, 'kind'>[] = [
      {
        name: 'projects.list',
        version: '1',
        description:
          'Lists the projects of the workspace, newest first: filter by state, state category, archived, or full text (q).',
        inputSchema: {
          type: 'object',
          additionalProperties: false,
          properties: {
            state: { type: 'string', maxLength: 50 },
            category: { enum: STATE_CATEGORIES },
            archived: { type: 'boolean' },
            q: { type: 'string', minLength: 1, maxLength: 200 },
            limit,
            cursor,
          },
        },
        outputSchema: pageOf(project),
        annotations: READ,
        permission: 'projects:read',
        cost: 1,
        run: (workspaceId, input) =>
          projects.list(workspaceId, {
            state: text(input, 'state'),
            category: input['category'] as (typeof STATE_CATEGORIES)[number] | undefined,
            archived: input['archived'] as boolean | undefined,
            q: text(input, 'q'),
            limit: pageSize(input),
            cursor: text(input, 'cursor'),
          }),
      },
      {
        name: 'projects.get',
        version: '1',
        description: 'One project by id: its state, version (send it back to transition it) and description.',
        inputSchema: {
          type: 'object',
          required: ['projectId'],
          additionalProperties: false,
          properties: { projectId },
        },
        outputSchema: project,
        annotations: READ,
        permission: 'projects:read',
        cost: 1,
        run: (workspaceId, input) => projects.get(workspaceId, String(input['projectId'])),
      },
      {
        name: 'projects.create',
        version: '1',
        description: 'Creates a project in the initial state of the workflow. The key is unique in the workspace.',
        inputSchema: {
          type: 'object',
          required: ['key', 'name'],
          additionalProperties: false,
          properties: {
            key: {
              type: 'string',
              pattern: '^[A-Z][A-Z0-9]{1,9}$',
              description: '2 to 10 capital letters or digits, starting with a letter.',
            },
            name: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' },
            description: { type: 'string', maxLength: 20_000, description: 'Markdown.' },
          },
        },
        outputSchema: project,
        annotations: ADD,
        permission: 'projects:write',
        cost: 5,
        run: (workspaceId, input) =>
          projects.create(workspaceId, {
            key: String(input['key']),
            name: String(input['name']).trim(),
            description: text(input, 'description'),
          }),
      },
      {
        name: 'projects.transition',
        version: '1',
        description:
          "Moves a project to another state of its workflow, at the version read (a stale one is refused); the workflow's conditions and permissions apply.",
        inputSchema: {
          type: 'object',
          required: ['projectId', 'to', 'expectedVersion'],
          additionalProperties: false,
          properties: {
            projectId,
            to: { type: 'string', minLength: 1, maxLength: 50 },
            comment: { type: 'string', maxLength: 10_000 },
            expectedVersion: { type: 'integer', minimum: 1 },
          },
        },
        outputSchema: project,
        annotations: CHANGE,
        permission: 'projects:transition',
        cost: 5,
        run: (workspaceId, input) =>
          projects.transition(workspaceId, String(input['projectId']), {
            to: String(input['to']),
            comment: text(input, 'comment'),
            expectedVersion: input['expectedVersion'] as number,
          }),
      },
      {
        name: 'comments.add',
        version: '1',
        description: 'Comments on a project (Markdown, 1 to 10,000 characters).',
        inputSchema: {
          type: 'object',
          required: ['projectId', 'body'],
          additionalProperties: false,
          properties: { projectId, body: { type: 'string', minLength: 1, maxLength: 10_000 } },
        },
        outputSchema: comment,
        annotations: ADD,
        permission: 'comments:write',
        cost: 2,
        run: (workspaceId, input) => projects.comment(workspaceId, String(input['projectId']), String(input['body'])),
      },
      {
        name: 'activity.list',
        version: '1',
        description: "The workspace's activity feed, or one project's, newest first; filter by action.",
        inputSchema: {
          type: 'object',
          additionalProperties: false,
          properties: { projectId, action: { type: 'string', maxLength: 100 }, limit, cursor },
        },
        outputSchema: pageOf(activityEntry),
        annotations: READ,
        permission: 'projects:read',
        cost: 1,
        run: (workspaceId, input) =>
          projects.activityFeed(workspaceId, {
            projectId: text(input, 'projectId'),
            action: text(input, 'action'),
            limit: pageSize(input),
            cursor: text(input, 'cursor'),
          }),
      },
      {
        name: 'automations.list',
        version: '1',
        description: "The workspace's automation rules, newest first.",
        inputSchema: { type: 'object', additionalProperties: false, properties: { limit, cursor } },
        outputSchema: pageOf(automationRule),
        annotations: READ,
        permission: 'automations:read',
        cost: 1,
        run: (workspaceId, input) =>
          automations.list(workspaceId, { limit: pageSize(input), cursor: text(input, 'cursor') }),
      },
    ];
    this.all = tools.map((tool) => ({ ...tool, kind: 'built-in' }));
  }
}
