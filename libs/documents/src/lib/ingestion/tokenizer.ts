import { getEncoding, Tiktoken } from 'js-tiktoken';

let encoding: Tiktoken | undefined;

/** cl100k_base (the tokenizer of OpenAI's embedding models), loaded once. */
function cl100k(): Tiktoken {
  encoding ??= getEncoding('cl100k_base');
  return encoding;
}

/** Tokens in `text`, counted by a real BPE tokenizer. */
export function countTokens(text: string): number {
  return cl100k().encode(text).length;
}

/** `text` cut into pieces of at most `maxTokens` tokens each, on token boundaries. */
export function splitByTokens(text: string, maxTokens: number): string[] {
  const tokens = cl100k().encode(text);
  const pieces: string[] = [];
  for (let start = 0; start < tokens.length; start += maxTokens) {
    pieces.push(cl100k().decode(tokens.slice(start, start + maxTokens)));
  }
  return pieces;
}
