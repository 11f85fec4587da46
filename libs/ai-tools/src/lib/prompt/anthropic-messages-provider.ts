import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming, MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import {
  ModelMessage,
  ModelProvider,
  ModelProviderError,
  ModelToolCall,
  ModelTurn,
  ModelTurnRequest,
} from './model-provider';

/** The Anthropic Messages API (`POST /v1/messages` with `tools`: `tool_use` / `tool_result` blocks), through the official SDK. */
export class AnthropicMessagesProvider implements ModelProvider {
  readonly name = 'anthropic';
  private readonly client: Anthropic;

  constructor(
    options: { apiKey: string; baseUrl?: string },
    readonly defaultModel: string,
  ) {
    this.client = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      maxRetries: 1,
      // The SDK's own console logging stays off: Keel logs what matters, without keys or conversations.
      logLevel: 'off',
    });
  }

  async complete(request: ModelTurnRequest): Promise<ModelTurn> {
    const body: MessageCreateParamsNonStreaming = {
      model: request.model,
      system: request.system,
      max_tokens: request.maxOutputTokens,
      messages: toAnthropic(request.messages),
    };
    if (request.tools.length > 0) {
      body.tools = request.tools.map((tool): Tool => ({
        name: tool.name,
        description: tool.description,
        input_schema: { ...tool.inputSchema, type: 'object' },
      }));
    }
    let message: Anthropic.Messages.Message;
    try {
      message = await this.client.messages.create(body, { timeout: request.timeoutMs });
    } catch (error) {
      throw new ModelProviderError(describe(error));
    }
    const texts: string[] = [];
    const toolCalls: ModelToolCall[] = [];
    for (const block of message.content) {
      if (block.type === 'text') texts.push(block.text);
      if (block.type === 'tool_use') toolCalls.push({ id: block.id, name: block.name, input: block.input });
    }
    return {
      text: texts.length > 0 ? texts.join('\n') : null,
      toolCalls,
      tokensIn: message.usage.input_tokens,
      tokensOut: message.usage.output_tokens,
      finishReason: message.stop_reason ?? 'unknown',
    };
  }
}

/** The Messages API alternates user and assistant turns: consecutive tool results go in one user turn. */
function toAnthropic(messages: ModelMessage[]): MessageParam[] {
  const out: MessageParam[] = [];
  for (const message of messages) {
    if (message.role === 'user') {
      out.push({ role: 'user', content: message.content });
    } else if (message.role === 'assistant') {
      const content: Anthropic.Messages.ContentBlockParam[] = [];
      if (message.content) content.push({ type: 'text', text: message.content });
      for (const call of message.toolCalls) {
        // Arguments that did not parse are sent back as an empty object: the tool error says why.
        const input = call.input !== null && typeof call.input === 'object' ? call.input : {};
        content.push({ type: 'tool_use', id: call.id, name: call.name, input });
      }
      out.push({ role: 'assistant', content });
    } else {
      const block: Anthropic.Messages.ToolResultBlockParam = {
        type: 'tool_result',
        tool_use_id: message.toolCallId,
        content: message.content,
        ...(message.isError ? { is_error: true } : {}),
      };
      const last = out[out.length - 1];
      if (last?.role === 'user' && Array.isArray(last.content)) last.content.push(block);
      else out.push({ role: 'user', content: [block] });
    }
  }
  return out;
}

function describe(error: unknown): string {
  if (error instanceof Anthropic.APIConnectionTimeoutError) return 'The model provider did not answer in time.';
  if (error instanceof Anthropic.APIConnectionError) return 'The model provider could not be reached.';
  if (error instanceof Anthropic.APIError && error.status !== undefined) {
    return `The model provider answered ${error.status}.`;
  }
  return 'The model request failed.';
}
