/** A tool call's arguments as the model wrote them (JSON text): parsed, or kept as text when they do not parse. */
export function parseToolArguments(text: string): { input: unknown; invalidJson?: string } {
  if (text.trim() === '') return { input: {} };
  try {
    return { input: JSON.parse(text) as unknown };
  } catch {
    return { input: null, invalidJson: text };
  }
}
