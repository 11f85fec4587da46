import { KeelConnection } from './connection';
import { KeelGateError, ProblemError } from './keel-gate-error';
import { Page } from './keel-wire';

/** A request body: JSON, or a multipart form (the evidence upload). */
export type RequestBody = { json: unknown } | { form: FormData };

/** Most list pages keel-gate walks before giving up on finding a release or a gate. */
const MAX_PAGES = 50;

/** Keel's HTTP API as keel-gate calls it: the workspace's routes, the API key as bearer, problems as errors. */
export class KeelApi {
  constructor(
    private readonly connection: KeelConnection,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** A path under `/v1/workspaces/{workspaceId}`. */
  workspacePath(path: string): string {
    return `/v1/workspaces/${encodeURIComponent(this.connection.workspaceId)}${path}`;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: RequestBody): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  /** Walks a cursor list until `found` returns something, or the list ends. */
  async findInList<T, R>(path: string, found: (item: T) => R | undefined): Promise<R | undefined> {
    let cursor: string | null | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const separator = path.includes('?') ? '&' : '?';
      const url = `${path}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const answer = await this.get<Page<T>>(url);
      for (const item of answer.data ?? []) {
        const result = found(item);
        if (result !== undefined) return result;
      }
      cursor = answer.nextCursor;
      if (!cursor) return undefined;
    }
    return undefined;
  }

  private async request<T>(method: string, path: string, body?: RequestBody): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.connection.apiKey}`,
      accept: 'application/json, application/problem+json',
    };
    let payload: string | FormData | undefined;
    if (body && 'json' in body) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body) {
      payload = body.form; // fetch sets the multipart content type with its boundary
    }

    const url = `${this.connection.url}${path}`;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers,
        body: payload,
        signal: AbortSignal.timeout(this.connection.timeoutMs),
      });
    } catch (error) {
      throw new KeelGateError(`cannot reach Keel at ${this.connection.url}: ${transportReason(error)}`, [
        `${method} ${path}`,
      ]);
    }

    const text = await response.text();
    if (!response.ok) throw problemOf(response, text, method, path);
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new KeelGateError(`Keel answered ${method} ${path} with ${response.status} but not JSON`, [
        text.slice(0, 200),
      ]);
    }
  }
}

function transportReason(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'no answer within the time allowed (KEEL_GATE_TIMEOUT_SECONDS)';
    const cause = (error as Error & { cause?: unknown }).cause;
    if (cause instanceof Error && cause.message) return `${error.message} (${cause.message})`;
    return error.message;
  }
  return String(error);
}

/** An error answer as a ProblemError: its code, status and detail, and its field errors one per line. */
function problemOf(response: Response, text: string, method: string, path: string): ProblemError {
  let problem: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) problem = parsed as Record<string, unknown>;
  } catch {
    // not JSON: reported with the start of the text below
  }
  if (!problem) {
    return new ProblemError(response.status, undefined, `Keel answered ${method} ${path} with ${response.status}`, [
      text.slice(0, 200),
    ]);
  }
  const code = typeof problem['code'] === 'string' ? problem['code'] : undefined;
  const detail = stringOf(problem['detail']) ?? stringOf(problem['title']) ?? `status ${response.status}`;
  const details: string[] = [];
  if (Array.isArray(problem['errors'])) {
    for (const fieldError of problem['errors'] as Array<Record<string, unknown>>) {
      const where = stringOf(fieldError?.['path']) ?? stringOf(fieldError?.['field']) ?? '';
      details.push(`${where}${where ? ': ' : ''}${stringOf(fieldError?.['message']) ?? JSON.stringify(fieldError)}`);
    }
  }
  if (typeof problem['permission'] === 'string')
    details.push(`the API key needs the permission ${problem['permission']}`);
  const requestId = stringOf(problem['requestId']) ?? response.headers.get('x-request-id') ?? undefined;
  if (requestId) details.push(`requestId ${requestId}`);
  return new ProblemError(response.status, code, `${code ?? 'ERROR'} (${response.status}): ${detail}`, details);
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
