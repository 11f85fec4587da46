/** A response read whole: what a client of Keel gets back. */
export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
}

export async function httpRequest(url: string, init: RequestInit = {}): Promise<HttpResult> {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The body as a JSON object; fails the test with the raw text when it is not one. */
export function jsonObject(result: HttpResult): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.text);
  } catch {
    throw new Error(`expected a JSON body, got: ${result.text.slice(0, 500)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`expected a JSON object, got: ${result.text.slice(0, 500)}`);
  }
  return parsed as Record<string, unknown>;
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
  return httpRequest(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}
