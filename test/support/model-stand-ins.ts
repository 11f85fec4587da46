import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local servers that speak the model providers' wire formats — OpenAI's
 * `POST /v1/chat/completions` (tools, `tool_calls`, `role: tool` answers) and
 * Anthropic's `POST /v1/messages` (`tool_use` / `tool_result` blocks) — so Keel
 * talks to them through the official SDKs, pointed at them by AI_BASE_URL.
 * What the model says is scripted: the request's `model` names the script,
 * which reads the conversation so far (in a neutral shape) and answers with
 * text or tool calls. Every request body is kept, as received.
 */
export type ProviderFormat = 'openai' | 'anthropic';

export interface ToolResultSeen {
  /** The tool call's id the result answers. */
  id: string;
  /** The result as the model received it (parsed JSON when it is JSON). */
  content: unknown;
  /** Anthropic's `is_error`; for OpenAI, whether the content is a tool error object. */
  isError: boolean;
}

export interface ConversationSeen {
  model: string;
  system: string;
  /** Wire names of the tools offered. */
  tools: string[];
  /** The user's texts, oldest first. */
  userTexts: string[];
  /** The tool results of the conversation, oldest first. */
  toolResults: ToolResultSeen[];
  /** How many assistant turns came before this request. */
  assistantTurns: number;
}

export type ScriptedTurn = { text: string } | { toolCalls: { name: string; arguments: unknown | string }[] };
export type ModelScript = (conversation: ConversationSeen) => ScriptedTurn;

export interface ModelStandIn {
  format: ProviderFormat;
  /** What AI_BASE_URL is set to for this format's SDK. */
  baseUrl: string;
  apiKey: string;
  /** Every request body, as received, in order. */
  requests: { authorization: string | undefined; body: Record<string, unknown>; raw: string }[];
  close(): Promise<void>;
}

let callNumber = 0;

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function parsed(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

type Json = Record<string, unknown>;

function seenOpenAi(body: Json): ConversationSeen {
  const messages = (body['messages'] as Json[]) ?? [];
  return {
    model: String(body['model']),
    system: messages
      .filter((message) => message['role'] === 'system')
      .map((message) => String(message['content']))
      .join('\n'),
    tools: ((body['tools'] as Json[]) ?? []).map((tool) => String((tool['function'] as Json)['name'])),
    userTexts: messages.filter((message) => message['role'] === 'user').map((message) => String(message['content'])),
    toolResults: messages
      .filter((message) => message['role'] === 'tool')
      .map((message) => {
        const content = parsed(message['content']);
        const isError =
          typeof content === 'object' && content !== null && typeof (content as Json)['code'] === 'string';
        return { id: String(message['tool_call_id']), content, isError };
      }),
    assistantTurns: messages.filter((message) => message['role'] === 'assistant').length,
  };
}

function seenAnthropic(body: Json): ConversationSeen {
  const messages = (body['messages'] as Json[]) ?? [];
  const userTexts: string[] = [];
  const toolResults: ToolResultSeen[] = [];
  for (const message of messages.filter((item) => item['role'] === 'user')) {
    const content = message['content'];
    if (typeof content === 'string') {
      userTexts.push(content);
      continue;
    }
    for (const block of content as Json[]) {
      if (block['type'] === 'text') userTexts.push(String(block['text']));
      if (block['type'] === 'tool_result') {
        toolResults.push({
          id: String(block['tool_use_id']),
          content: parsed(block['content']),
          isError: block['is_error'] === true,
        });
      }
    }
  }
  return {
    model: String(body['model']),
    system: typeof body['system'] === 'string' ? body['system'] : JSON.stringify(body['system'] ?? ''),
    tools: ((body['tools'] as Json[]) ?? []).map((tool) => String(tool['name'])),
    userTexts,
    toolResults,
    assistantTurns: messages.filter((message) => message['role'] === 'assistant').length,
  };
}

const USAGE = { input: 120, output: 30 };

function openAiAnswer(model: string, turn: ScriptedTurn): Json {
  const id = `chatcmpl-${++callNumber}`;
  const message =
    'text' in turn
      ? { role: 'assistant', content: turn.text, refusal: null }
      : {
          role: 'assistant',
          content: null,
          refusal: null,
          tool_calls: turn.toolCalls.map((call, index) => ({
            id: `call_${callNumber}_${index}`,
            type: 'function',
            function: {
              name: call.name,
              arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
            },
          })),
        };
  return {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: 'text' in turn ? 'stop' : 'tool_calls' }],
    usage: { prompt_tokens: USAGE.input, completion_tokens: USAGE.output, total_tokens: USAGE.input + USAGE.output },
  };
}

function anthropicAnswer(model: string, turn: ScriptedTurn): Json {
  callNumber++;
  const content =
    'text' in turn
      ? [{ type: 'text', text: turn.text }]
      : turn.toolCalls.map((call, index) => ({
          type: 'tool_use',
          id: `toolu_${callNumber}_${index}`,
          name: call.name,
          // tool_use input is always an object on this wire: text that is not JSON is sent as is, inside one.
          input: typeof call.arguments === 'string' ? { raw: call.arguments } : call.arguments,
        }));
  return {
    id: `msg_${callNumber}`,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: 'text' in turn ? 'end_turn' : 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: USAGE.input, output_tokens: USAGE.output },
  };
}

/** Starts a stand-in for `format`, answering with `scripts[model]`. */
export async function startModelStandIn(
  format: ProviderFormat,
  scripts: Record<string, ModelScript>,
  apiKey = `sk-test-${format}-stand-in`,
): Promise<ModelStandIn> {
  const requests: ModelStandIn['requests'] = [];
  const path = format === 'openai' ? '/v1/chat/completions' : '/v1/messages';
  const server: Server = createServer((request, response) => {
    void (async () => {
      const raw = await bodyOf(request);
      if (request.method !== 'POST' || request.url !== path) {
        return send(response, 404, { error: { type: 'not_found_error', message: `No route ${request.url}` } });
      }
      // OpenAI takes the key as a bearer token; Anthropic as x-api-key, or as a bearer token (what its SDK sends now).
      const presented = request.headers.authorization ?? request.headers['x-api-key'];
      const accepted = format === 'openai' ? [`Bearer ${apiKey}`] : [`Bearer ${apiKey}`, apiKey];
      const body = JSON.parse(raw) as Json;
      requests.push({ authorization: presented === undefined ? undefined : String(presented), body, raw });
      if (!accepted.includes(String(presented))) {
        return send(response, 401, { error: { type: 'authentication_error', message: 'invalid api key' } });
      }
      const seen = format === 'openai' ? seenOpenAi(body) : seenAnthropic(body);
      const script = scripts[seen.model];
      if (!script) return send(response, 404, { error: { type: 'not_found_error', message: `model ${seen.model}` } });
      const turn = script(seen);
      send(response, 200, format === 'openai' ? openAiAnswer(seen.model, turn) : anthropicAnswer(seen.model, turn));
    })().catch((error: unknown) => send(response, 500, { error: { type: 'api_error', message: String(error) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    format,
    // The OpenAI SDK's base URL includes /v1; Anthropic's SDK adds /v1 itself.
    baseUrl: format === 'openai' ? `${origin}/v1` : origin,
    apiKey,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
