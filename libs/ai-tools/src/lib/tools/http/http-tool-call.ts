import { Injectable } from '@nestjs/common';
import { AutomationConfig, GuardedResponse, sendGuardedRequest } from '@keel/automation';
import { AiToolsConfig } from '../../ai-tools-config';
import { redactSecretValues, secretSpellings } from '../../secrets/secret-redaction';
import { WorkspaceSecretsService } from '../../secrets/workspace-secrets.service';
import type { AiTool, JsonSchema } from '../ai-tool';
import { ToolFailure } from '../tool-failure';
import type { AiHttpTool } from './ai-http-tool.entity';
import { renderRequest } from './request-template';

const HTTP_TOOL_USER_AGENT = 'Keel-AI-Tools/1';

/** What an HTTP tool answers: the status and the body (JSON when the API said so, else text). */
const HTTP_RESULT_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['status', 'contentType', 'body'],
  properties: {
    status: { type: 'integer' },
    contentType: { type: ['string', 'null'] },
    body: {},
  },
};

export interface HttpToolResult {
  status: number;
  contentType: string | null;
  body: unknown;
}

/**
 * An HTTP tool as the registry runs it: the request filled in with the
 * input and the secrets it names, sent under the webhooks' outbound rules
 * (public addresses only unless WEBHOOK_ALLOW_PRIVATE, no redirects, one
 * deadline, a bounded response), and the answer with every secret's value
 * replaced by `[secret:NAME]` before anything stores or returns it.
 */
@Injectable()
export class HttpToolCall {
  constructor(
    private readonly secrets: WorkspaceSecretsService,
    private readonly outbound: AutomationConfig,
    private readonly config: AiToolsConfig,
  ) {}

  toTool(registered: AiHttpTool): AiTool {
    return {
      name: registered.name,
      version: registered.version,
      description: registered.description,
      kind: 'http',
      inputSchema: registered.inputSchema,
      outputSchema: HTTP_RESULT_SCHEMA,
      annotations: { ...registered.annotations },
      permission: 'ai:use',
      cost: registered.annotations.readOnly ? 1 : 5,
      run: (workspaceId, input) => this.call(workspaceId, registered, input),
    };
  }

  private async call(workspaceId: string, tool: AiHttpTool, input: Record<string, unknown>): Promise<HttpToolResult> {
    const secrets = await this.secrets.openForCall(workspaceId, tool.secrets);
    const missing = tool.secrets.filter((name) => !secrets.has(name));
    if (missing.length > 0) {
      throw new ToolFailure(
        'SECRET_NOT_FOUND',
        `${tool.name} names the secret(s) ${missing.join(', ')}, which the workspace no longer has.`,
      );
    }
    const spellings = secretSpellings(secrets);
    const redacted = <T>(value: T): T => redactSecretValues(value, spellings) as T;

    const rendered = renderRequest(tool.request, input, secrets);
    const limit = this.config.AI_HTTP_TOOL_MAX_RESPONSE_BYTES;
    const outcome = await sendGuardedRequest(
      {
        url: rendered.url,
        method: rendered.method,
        headers: { 'user-agent': HTTP_TOOL_USER_AGENT, ...rendered.headers },
        body: rendered.body,
      },
      {
        allowPrivate: this.outbound.WEBHOOK_ALLOW_PRIVATE,
        timeoutMs: this.config.AI_HTTP_TOOL_TIMEOUT_MS,
        keepBytes: limit,
      },
    );
    switch (outcome.kind) {
      case 'refused':
        throw new ToolFailure('TOOL_ADDRESS_REFUSED', redacted(outcome.error));
      case 'timeout':
        throw new ToolFailure(
          'TOOL_TIMEOUT',
          `${tool.name}'s API did not answer within ${this.config.AI_HTTP_TOOL_TIMEOUT_MS} ms.`,
        );
      case 'network-error':
        throw new ToolFailure('TOOL_NETWORK_ERROR', redacted(outcome.error));
    }
    if (!outcome.complete) {
      throw new ToolFailure('TOOL_RESPONSE_TOO_LARGE', `${tool.name}'s API answered more than ${limit} bytes.`, {
        status: outcome.status,
        limit,
      });
    }
    const result = redacted(resultOf(outcome));
    if (result.status < 200 || result.status > 299) {
      throw new ToolFailure('TOOL_HTTP_ERROR', `${tool.name}'s API answered ${result.status}.`, {
        status: result.status,
        body: result.body,
      });
    }
    return result;
  }
}

function resultOf(response: GuardedResponse): HttpToolResult {
  const header = response.headers['content-type'];
  const contentType = (Array.isArray(header) ? header[0] : header) ?? null;
  const text = new TextDecoder('utf-8').decode(response.body);
  if (contentType && /^application\/([a-z0-9.+-]+\+)?json\b/i.test(contentType)) {
    try {
      return { status: response.status, contentType, body: JSON.parse(text) as unknown };
    } catch {
      // An API that says JSON and sends something else: its text is still what it said.
    }
  }
  return { status: response.status, contentType, body: text };
}
