import { Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';
import type { JsonSchema, ToolAnnotations } from '../ai-tool';

/** The request an HTTP tool sends, with `{{input.…}}` and `{{secrets.NAME}}` placeholders. */
export interface HttpToolRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  /** Any JSON; a string that is exactly one placeholder takes the value's type. Absent: no body. */
  bodyTemplate?: unknown;
}

/**
 * A tool a workspace registered: a call to an outside API, sent under the
 * outbound rules of webhooks, with the workspace's secrets it names filled in.
 */
@Entity({ name: 'ai_http_tools' })
@Unique(['workspaceId', 'name'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class AiHttpTool {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  /** Unique in the workspace, and never a built-in tool's. */
  @Column('text')
  name: string;

  /** The first 12 hex digits of the registration's content hash: another registration is another version. */
  @Column('text')
  version: string;

  @Column('text')
  description: string;

  @Column('jsonb')
  inputSchema: JsonSchema;

  @Column('jsonb')
  request: HttpToolRequest;

  /** The names of the secrets the request may have filled in. */
  @Column('text', { array: true })
  secrets: string[];

  @Column('jsonb')
  annotations: ToolAnnotations;

  @Column('text', { nullable: true })
  createdByType: string | null;

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
