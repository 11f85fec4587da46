import { EvidenceUnparseable } from './evidence-unparseable';
import { lineAt, readText } from './read-text';

/** Far beyond any report format's nesting, far below what JSON.parse's recursion survives. */
export const MAX_JSON_DEPTH = 64;

/** Keys that would reach an object's prototype if a consumer ever merged facts by assignment. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type JsonObject = { [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Refuses a key that becomes a fact's name when it could pollute a prototype. */
export function assertSafeKey(key: string, where: string): void {
  if (UNSAFE_KEYS.has(key)) throw new EvidenceUnparseable(`${where}: the key "${key}" is not allowed`);
}

/**
 * Parses an uploaded JSON file. A syntax error names the line it is on (V8's
 * messages sometimes give no position and quote the text, so the error is
 * found again by a small scanner); nesting deeper than MAX_JSON_DEPTH is
 * refused before JSON.parse recurses into it.
 */
export function readJson(bytes: Buffer): unknown {
  const text = readText(bytes);
  const tooDeep = depthExceededAt(text, MAX_JSON_DEPTH);
  if (tooDeep !== undefined) {
    throw new EvidenceUnparseable(`JSON nests deeper than ${MAX_JSON_DEPTH} levels`, lineAt(text, tooDeep));
  }
  try {
    return JSON.parse(text);
  } catch {
    const found = findJsonSyntaxError(text);
    if (found) throw new EvidenceUnparseable(`not valid JSON: ${found.message}`, lineAt(text, found.offset));
    throw new EvidenceUnparseable('not valid JSON');
  }
}

/** Reads a JSON file whose top level must be an object. */
export function readJsonObject(bytes: Buffer, what: string): JsonObject {
  const value = readJson(bytes);
  if (!isJsonObject(value)) throw new EvidenceUnparseable(`${what} must be a JSON object, not ${describeJson(value)}`);
  return value;
}

export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** The offset of the bracket that opens level `limit + 1`, brackets inside strings not counted. */
function depthExceededAt(text: string, limit: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b || char === 0x7b) {
      if (++depth > limit) return index;
    } else if (char === 0x5d || char === 0x7d) {
      depth--;
    }
  }
  return undefined;
}

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

type Expect = 'value' | 'key' | 'after';

/**
 * Where a text stops being JSON, and why, in the terms of the grammar (never
 * quoting the text). Iterative, so nesting cannot overflow it. Only run once
 * JSON.parse has already refused the text.
 */
export function findJsonSyntaxError(text: string): { offset: number; message: string } | undefined {
  const stack: string[] = [];
  let index = 0;
  let expect: Expect = 'value';
  const fail = (message: string) => ({
    offset: index,
    message: index >= text.length ? `unexpected end of input (${message})` : message,
  });
  const skipSpace = () => {
    while (index < text.length && ' \t\n\r'.includes(text[index])) index++;
  };
  /** Moves past a string starting at `index`; returns an error message or undefined. */
  const skipString = (): string | undefined => {
    index++;
    while (index < text.length) {
      const char = text[index];
      if (char === '"') {
        index++;
        return undefined;
      }
      if (char === '\\') {
        const next = text[index + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) return 'bad \\u escape in a string';
          index += 6;
        } else if (next !== undefined && ESCAPES.has(next)) {
          index += 2;
        } else {
          return 'bad escape in a string';
        }
      } else if (char.charCodeAt(0) < 0x20) {
        return 'control character (such as a raw line break) in a string';
      } else {
        index++;
      }
    }
    return 'unterminated string';
  };

  for (;;) {
    skipSpace();
    const char = text[index];
    if (expect === 'value') {
      if (char === '{' || char === '[') {
        index++;
        skipSpace();
        const close = char === '{' ? '}' : ']';
        if (text[index] === close) {
          index++;
          expect = 'after';
        } else {
          stack.push(char);
          expect = char === '{' ? 'key' : 'value';
        }
      } else if (char === '"') {
        const error = skipString();
        if (error) return fail(error);
        expect = 'after';
      } else if (char !== undefined && /[-0-9]/.test(char)) {
        NUMBER.lastIndex = index;
        if (!NUMBER.test(text)) return fail('bad number');
        index = NUMBER.lastIndex;
        expect = 'after';
      } else {
        const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, index));
        if (!literal) return fail('expected a value');
        index += literal.length;
        expect = 'after';
      }
    } else if (expect === 'key') {
      if (char !== '"') return fail('expected a double-quoted property name');
      const error = skipString();
      if (error) return fail(error);
      skipSpace();
      if (text[index] !== ':') return fail("expected ':' after a property name");
      index++;
      expect = 'value';
    } else {
      const open = stack[stack.length - 1];
      if (open === undefined) {
        if (index < text.length) return fail('unexpected text after the JSON value');
        return undefined;
      }
      const close = open === '{' ? '}' : ']';
      if (char === ',') {
        index++;
        expect = open === '{' ? 'key' : 'value';
      } else if (char === close) {
        index++;
        stack.pop();
      } else {
        return fail(`expected ',' or '${close}'`);
      }
    }
  }
}
