/** The built-in meter of every workspace: its authenticated requests, summed. */
export const API_REQUESTS_METER = 'api_requests';
/** Model tokens (in and out) that AI tools' prompt-mode executions spent, summed. */
export const AI_TOKENS_METER = 'ai_tokens';
/** Tool calls AI tools ran (permitted and executed, whatever their outcome), summed. */
export const AI_TOOL_CALLS_METER = 'ai_tool_calls';

/** The meters Keel counts itself, in every workspace, without a meter of the workspace's. */
export const BUILT_IN_METERS = [API_REQUESTS_METER, AI_TOKENS_METER, AI_TOOL_CALLS_METER] as const;
export type BuiltInMeter = (typeof BUILT_IN_METERS)[number];

export function isBuiltInMeter(key: string): key is BuiltInMeter {
  return (BUILT_IN_METERS as readonly string[]).includes(key);
}
