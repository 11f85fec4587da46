import { runKeelCommand } from '@keel/platform-testing';
import { httpRequest, HttpResult } from './http';

/** Runs `main.js admin:grant|admin:revoke <args>` on a database, as an operator would on the server. */
export function adminCommand(
  databaseUrl: string,
  verb: 'grant' | 'revoke',
  ...args: string[]
): Promise<{ code: number | null; output: string }> {
  return runKeelCommand({ args: [`admin:${verb}`, ...args], env: { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' } });
}

/** Grants the platform admin role to `email`, failing with the command's output when it does not succeed. */
export async function grantAdmin(databaseUrl: string, email: string): Promise<void> {
  const result = await adminCommand(databaseUrl, 'grant', email);
  if (result.code !== 0) throw new Error(`admin:grant ${email} exited ${result.code}:\n${result.output}`);
}

/** One request with a bearer credential and, when given, a JSON body. */
export function bearerRequest(
  url: string,
  credential: string,
  method = 'GET',
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  return httpRequest(url, {
    method,
    headers: {
      authorization: `Bearer ${credential}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
