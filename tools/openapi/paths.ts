import { resolve } from 'node:path';

/** The workspace root, so the tools behave the same from any working directory. */
export const WORKSPACE_ROOT = resolve(__dirname, '../..');

/** The committed document: exactly what the app serves at GET /openapi.json, pretty-printed. */
export const OPENAPI_DOCUMENT = resolve(WORKSPACE_ROOT, 'docs/openapi.json');

/** The SDK's generated types (committed, excluded from lint). */
export const SDK_TYPES = resolve(WORKSPACE_ROOT, 'libs/sdk/src/generated/openapi.ts');

/** The webpack build: only it carries the swagger plugin's metadata, so only it serves the full document. */
export const BUILT_API_ENTRY = 'dist/apps/api/main.js';

/** Paths in messages, relative to the workspace root. */
export function relativeToWorkspace(path: string): string {
  return path.startsWith(WORKSPACE_ROOT + '/') ? path.slice(WORKSPACE_ROOT.length + 1) : path;
}
