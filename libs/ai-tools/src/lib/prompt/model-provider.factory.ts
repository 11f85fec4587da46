import type { AiToolsConfig } from '../ai-tools-config';
import { AnthropicMessagesProvider } from './anthropic-messages-provider';
import { ModelProvider } from './model-provider';
import { OpenAiChatProvider } from './openai-chat-provider';

/** The provider AI_PROVIDER names, or null for `none` (prompt mode is then refused). */
export function createModelProvider(config: AiToolsConfig): ModelProvider | null {
  if (config.AI_PROVIDER === 'none' || !config.AI_API_KEY || !config.AI_MODEL) return null;
  const options = { apiKey: config.AI_API_KEY, baseUrl: config.AI_BASE_URL };
  return config.AI_PROVIDER === 'openai'
    ? new OpenAiChatProvider(options, config.AI_MODEL)
    : new AnthropicMessagesProvider(options, config.AI_MODEL);
}
