import OpenAI from 'openai';
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import {
  ModelMessage,
  ModelProvider,
  ModelProviderError,
  ModelToolCall,
  ModelTurn,
  ModelTurnRequest,
} from './model-provider';
import { parseToolArguments } from './tool-arguments';

/** An OpenAI-compatible Chat Completions API (`POST /chat/completions` with `tools`), through the official SDK. */
export class OpenAiChatProvider implements ModelProvider {
  readonly name = 'openai';
  private readonly client: OpenAI;

  constructor(
    options: { apiKey: string; baseUrl?: string },
    readonly defaultModel: string,
  ) {
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      maxRetries: 1,
      // The SDK's own console logging stays off: Keel logs what matters, without keys or conversations.
      logLevel: 'off',
    });
  }

  async complete(request: ModelTurnRequest): Promise<ModelTurn> {
    const body: ChatCompletionCreateParamsNonStreaming = {
      model: request.model,
      messages: [{ role: 'system', content: request.system }, ...request.messages.map(toOpenAi)],
      max_completion_tokens: request.maxOutputTokens,
    };
    if (request.tools.length > 0) {
      body.tools = request.tools.map((tool) => ({
        type: 'function',
        function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
      }));
    }
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await this.client.chat.completions.create(body, { timeout: request.timeoutMs });
    } catch (error) {
      throw new ModelProviderError(describe(error));
    }
    const choice = completion.choices[0];
    if (!choice) throw new ModelProviderError('The provider answered with no choice.');
    const toolCalls: ModelToolCall[] = [];
    for (const call of choice.message.tool_calls ?? []) {
      if (call.type !== 'function') continue;
      toolCalls.push({ id: call.id, name: call.function.name, ...parseToolArguments(call.function.arguments) });
    }
    return {
      text: choice.message.content ?? null,
      toolCalls,
      tokensIn: completion.usage?.prompt_tokens ?? 0,
      tokensOut: completion.usage?.completion_tokens ?? 0,
      finishReason: choice.finish_reason,
    };
  }
}

function toOpenAi(message: ModelMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: message.content };
    case 'assistant':
      return {
        role: 'assistant',
        content: message.content,
        ...(message.toolCalls.length > 0
          ? {
              tool_calls: message.toolCalls.map((call) => ({
                id: call.id,
                type: 'function' as const,
                function: { name: call.name, arguments: call.invalidJson ?? JSON.stringify(call.input ?? {}) },
              })),
            }
          : {}),
      };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
}

function describe(error: unknown): string {
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    return `The model provider answered ${error.status}${error.code ? ` (${error.code})` : ''}.`;
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) return 'The model provider did not answer in time.';
  if (error instanceof OpenAI.APIConnectionError) return 'The model provider could not be reached.';
  return 'The model request failed.';
}
