import { KeelGateError } from './keel-gate-error';

/** Where keel-gate talks to, and as whom: read from the environment, so no secret is on the command line. */
export interface KeelConnection {
  /** Base URL of Keel, without a trailing slash. */
  url: string;
  /** A workspace API key, sent as `Authorization: Bearer …`. */
  apiKey: string;
  /** The workspace's id (the `{workspaceId}` of its routes). */
  workspaceId: string;
  /** How long one request may take before keel-gate gives up. */
  timeoutMs: number;
}

const DEFAULT_TIMEOUT_SECONDS = 60;

/** KEEL_URL, KEEL_API_KEY, KEEL_WORKSPACE (and KEEL_GATE_TIMEOUT_SECONDS); every problem is reported at once. */
export function connectionFrom(env: NodeJS.ProcessEnv): KeelConnection {
  const problems: string[] = [];
  const url = env['KEEL_URL']?.trim() ?? '';
  const apiKey = env['KEEL_API_KEY']?.trim() ?? '';
  const workspaceId = env['KEEL_WORKSPACE']?.trim() ?? '';
  const timeout = env['KEEL_GATE_TIMEOUT_SECONDS']?.trim() || String(DEFAULT_TIMEOUT_SECONDS);

  if (!url) problems.push('KEEL_URL is not set: the base URL of Keel, e.g. https://keel.example.com');
  else if (!isHttpUrl(url)) problems.push(`KEEL_URL must be an http(s) URL, got "${url}"`);
  if (!apiKey) problems.push('KEEL_API_KEY is not set: a workspace API key (see docs/release-gates.md for its scopes)');
  if (!workspaceId) problems.push('KEEL_WORKSPACE is not set: the id of the workspace that holds the releases');
  const timeoutSeconds = Number(timeout);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1) {
    problems.push(`KEEL_GATE_TIMEOUT_SECONDS must be a whole number of seconds (1 or more), got "${timeout}"`);
  }
  if (problems.length > 0) throw new KeelGateError('configuration is incomplete', problems);

  return { url: url.replace(/\/+$/, ''), apiKey, workspaceId, timeoutMs: timeoutSeconds * 1000 };
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
