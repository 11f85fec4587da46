import type { JsonSchema } from '../tools/ai-tool';

/** A tool as a model is offered it: the name on the wire (providers allow no dots), what it does, its input schema. */
export interface ModelTool {
  name: string;
  description: string;
  inputSchema: JsonSchema;
}

/** A tool call the model proposed, with the provider's id for it (the answer must name it). */
export interface ModelToolCall {
  id: string;
  /** The wire name, as the model wrote it. */
  name: string;
  /** The arguments as parsed; `invalidJson` holds the text when the model wrote arguments that do not parse. */
  input: unknown;
  invalidJson?: string;
}

/** A provider-neutral conversation: what the adapters translate to each wire format. */
export type ModelMessage =
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; toolCalls: ModelToolCall[] }
  | { role: 'tool'; toolCallId: string; name: string; content: string; isError: boolean };

export interface ModelTurnRequest {
  model: string;
  system: string;
  messages: ModelMessage[];
  tools: ModelTool[];
  /** Most tokens the answer may take. */
  maxOutputTokens: number;
  /** Milliseconds the request may take. */
  timeoutMs: number;
}

/** One answer of the model: text, tool calls, or both, and what it cost. */
export interface ModelTurn {
  text: string | null;
  toolCalls: ModelToolCall[];
  tokensIn: number;
  tokensOut: number;
  /** The provider's reason to stop (`stop`, `tool_calls`, `end_turn`, `tool_use`, `max_tokens`…). */
  finishReason: string;
}

/** A provider's failure, in words safe to store and to log (never the key, never the conversation). */
export class ModelProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelProviderError';
  }
}

/** The port a prompt-mode execution talks to a model through. */
export interface ModelProvider {
  readonly name: string;
  readonly defaultModel: string;
  complete(request: ModelTurnRequest): Promise<ModelTurn>;
}

/** Injection token of the configured provider (null with AI_PROVIDER=none). */
export const MODEL_PROVIDER = Symbol('MODEL_PROVIDER');
