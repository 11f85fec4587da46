import { Injectable } from '@nestjs/common';
import { DEFAULT_PAGE_SIZE } from '@keel/platform-database';
import { AutomationRuleDirectory } from '@keel/automation';
import { UsageService } from '@keel/billing';
import { SearchService } from '@keel/documents';
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
  searchResult,
  usageSeries,
} from './built-in-tool-schemas';

const READ: ToolAnnotations = { readOnly: true, destructive: false, idempotent: true, openWorld: false };
const ADD: ToolAnnotations = { readOnly: false, destructive: false, idempotent: false, openWorld: false };
/** A transition overwrites the state the project was in (it may cancel it): destructive in MCP's sense. */
const CHANGE: ToolAnnotations = { readOnly: false, destructive: true, idempotent: false, openWorld: false };

type Input = Record<string, unknown>;
const text = (input: Input, key: string): string | undefined => input[key] as string | undefined;
const pageSize = (input: Input): number => (input['limit'] as number | undefined) ?? DEFAULT_PAGE_SIZE;
const list = (input: Input, key: string): string[] | undefined => input[key] as string[] | undefined;
/** GET …/search's default number of hits. */
const SEARCH_HITS = 10;
const TAG = '^[\\p{L}\\p{N}][\\p{L}\\p{N} _.:/-]{0,49}$';
type UsageQuery = Parameters<UsageService['series']>[1];

/**
 * The tools every workspace has: each calls the service its HTTP route calls,
 * as the caller, so the route's checks, activity and events all apply; each
 * needs the permission its route needs.
 */
@Injectable()
export class BuiltInTools {
  readonly all: readonly AiTool[];

  constructor(
    projects: ProjectOperations,
    automations: AutomationRuleDirectory,
    search: SearchService,
    usage: UsageService,
  ) {
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
      {
        name: 'documents.search',
        version: '1',
        description:
          'Searches the documents the caller may see: the best chunks for words, "quoted phrases", -excluded words ' +
          'and `or`, each with its document, title, heading path, page and a snippet; narrow by tags or media types.',
        inputSchema: {
          type: 'object',
          required: ['q'],
          additionalProperties: false,
          properties: {
            q: { type: 'string', minLength: 1, maxLength: 500 },
            tags: { type: 'array', maxItems: 20, items: { type: 'string', pattern: TAG } },
            mediaType: {
              type: 'array',
              maxItems: 8,
              items: { type: 'string', maxLength: 100, pattern: '^[a-z]+/[a-z0-9.+-]+$' },
            },
            limit: { type: 'integer', minimum: 1, maximum: 50, description: 'How many hits at most (default 10).' },
          },
        },
        outputSchema: searchResult,
        annotations: READ,
        permission: 'documents:read',
        cost: 1,
        run: async (workspaceId, input) => {
          const { mode, hits } = await search.search(
            workspaceId,
            String(input['q']),
            { tags: list(input, 'tags'), mediaTypes: list(input, 'mediaType') },
            (input['limit'] as number | undefined) ?? SEARCH_HITS,
          );
          // What GET …/search answers: the hits without their whole text.
          return {
            mode,
            data: hits.map(({ documentId, chunkId, title, headingPath, page, snippet, score }) => ({
              documentId,
              chunkId,
              title,
              headingPath,
              page,
              snippet,
              score,
            })),
          };
        },
      },
      {
        name: 'usage.get',
        version: '1',
        description:
          "A meter's usage as a series (by hour, day or month, optionally by one of its groupBy properties), for " +
          'the current billing period unless from/to say otherwise; `api_requests` is always there.',
        inputSchema: {
          type: 'object',
          required: ['meter'],
          additionalProperties: false,
          properties: {
            meter: { type: 'string', minLength: 1, maxLength: 64 },
            from: { type: 'string', format: 'date-time', description: 'Start (inclusive), RFC 3339.' },
            to: { type: 'string', format: 'date-time', description: 'End (exclusive), RFC 3339.' },
            granularity: { enum: ['hour', 'day', 'month'] },
            groupBy: { type: 'string', maxLength: 64 },
          },
        },
        outputSchema: usageSeries,
        annotations: READ,
        permission: 'billing:read',
        cost: 1,
        run: (workspaceId, input) =>
          usage.series(workspaceId, {
            meter: String(input['meter']),
            from: text(input, 'from'),
            to: text(input, 'to'),
            granularity: input['granularity'] as UsageQuery['granularity'],
            groupBy: text(input, 'groupBy'),
          }),
      },
    ];
    this.all = tools.map((tool) => ({ ...tool, kind: 'built-in' }));
  }
}
