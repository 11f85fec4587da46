/**
 * Writes docs/openapi.json from what the built API serves at GET /openapi.json;
 * with --check, fails when the committed file differs instead.
 *
 *   node -r @swc-node/register tools/openapi/export.ts [--check]
 *
 * Needs the webpack build (`npm run build`): only it carries the swagger
 * plugin's metadata. Uses TEST_DATABASE_URL's server when set, else an
 * embedded PostgreSQL in a temp folder.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { describeDocumentDifferences } from './document-diff';
import { InterruptedError } from './interruption';
import { OPENAPI_DOCUMENT, relativeToWorkspace } from './paths';
import { fetchServedDocument } from './served-document';

/** Two-space indent and a final newline; JSON.parse keeps the served key order. */
function prettyJson(text: string): string {
  return JSON.stringify(JSON.parse(text), null, 2) + '\n';
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

async function exportDocument(check: boolean): Promise<number> {
  const target = relativeToWorkspace(OPENAPI_DOCUMENT);
  const served = prettyJson(await fetchServedDocument());
  if (!check) {
    await writeFile(OPENAPI_DOCUMENT, served);
    console.log(`${target} written from GET /openapi.json.`);
    return 0;
  }
  const differences = describeDocumentDifferences(await readIfPresent(OPENAPI_DOCUMENT), served);
  if (differences.length === 0) {
    console.log(`${target} matches what the app serves.`);
    return 0;
  }
  console.error(
    [
      `OPENAPI_DRIFT: ${target} differs from what the app serves at GET /openapi.json (changes in the app, relative to the file):`,
      ...differences.map((line) => `  ${line}`),
      'Run `npm run openapi:export` and `npm run sdk:generate`, and commit both files.',
    ].join('\n'),
  );
  return 1;
}

async function main(): Promise<number> {
  let check: boolean;
  try {
    check = parseArgs({ options: { check: { type: 'boolean', default: false } } }).values.check;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\nUsage: export.ts [--check]`);
    return 64;
  }
  try {
    return await exportDocument(check);
  } catch (error) {
    if (error instanceof InterruptedError) {
      console.error(`openapi export ${error.message}; the app and its database were cleaned up.`);
      return error.exitCode;
    }
    console.error(`openapi export failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

void main().then((code) => process.exit(code));
