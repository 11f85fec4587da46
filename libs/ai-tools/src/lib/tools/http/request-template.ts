import { jsonPathMember } from '@keel/platform-errors';
import type { HttpToolRequest } from './ai-http-tool.entity';

/** `{{input.path.to.value}}` or `{{secrets.NAME}}`. */
const PLACEHOLDER = /\{\{\s*(input|secrets)\.([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{\s*(input|secrets)\.([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\s*\}\}$/;

export interface Placeholder {
  source: 'input' | 'secrets';
  /** `a.b` for `{{input.a.b}}`; the secret's name for `{{secrets.NAME}}`. */
  path: string;
}

/** Every placeholder in a text. */
export function placeholdersIn(text: string): Placeholder[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => ({
    source: match[1] as Placeholder['source'],
    path: match[2] ?? '',
  }));
}

/** Every string value in a JSON value with the JSON path it is at, below `base` (keys are sent as written). */
export function stringsIn(value: unknown, base: string): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path: base, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringsIn(item, `${base}[${index}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => stringsIn(item, `${base}${jsonPathMember(key)}`));
  }
  return [];
}

export interface RenderedRequest {
  method: HttpToolRequest['method'];
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * The request a call sends: placeholders filled with the call's input and the
 * secrets the tool names. In the URL each value is percent-encoded; in
 * headers it is text; in the body a string that is exactly one placeholder
 * takes the value itself (a number stays a number), others are text.
 */
export function renderRequest(
  request: HttpToolRequest,
  input: Record<string, unknown>,
  secrets: ReadonlyMap<string, string>,
): RenderedRequest {
  const lookup = (source: string, path: string): unknown =>
    source === 'secrets' ? secrets.get(path) : valueAt(input, path);
  const text = (template: string, encode: (value: string) => string): string =>
    template.replace(PLACEHOLDER, (_whole, source: string, path: string) => encode(asText(lookup(source, path))));
  const body = (template: unknown): unknown => {
    if (typeof template === 'string') {
      const whole = WHOLE_PLACEHOLDER.exec(template);
      if (whole) return lookup(whole[1] ?? '', whole[2] ?? '');
      return text(template, (value) => value);
    }
    if (Array.isArray(template)) return template.map(body);
    if (typeof template === 'object' && template !== null) {
      return Object.fromEntries(Object.entries(template).map(([key, item]) => [key, body(item)]));
    }
    return template;
  };
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), text(value, (item) => item)]),
  );
  const rendered: RenderedRequest = {
    method: request.method,
    url: text(request.url, encodeURIComponent),
    headers,
  };
  if (request.bodyTemplate !== undefined) {
    rendered.body = JSON.stringify(body(request.bodyTemplate) ?? null);
    if (!('content-type' in headers)) rendered.headers['content-type'] = 'application/json';
  }
  return rendered;
}

function valueAt(input: Record<string, unknown>, path: string): unknown {
  let current: unknown = input;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
