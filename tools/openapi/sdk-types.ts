/**
 * Generates the SDK's types from the committed OpenAPI document with
 * openapi-typescript; with --check, fails when the committed types differ
 * from what it generates (the committed file is left alone).
 *
 *   node -r @swc-node/register tools/openapi/sdk-types.ts [--check]
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { OPENAPI_DOCUMENT, relativeToWorkspace, SDK_TYPES, WORKSPACE_ROOT } from './paths';

/** The package's own CLI, so the output is exactly what `openapi-typescript` prints for anyone running it. */
const CLI = resolve(dirname(require.resolve('openapi-typescript/package.json')), 'bin/cli.js');

/** Without --output the CLI prints the types to stdout and nothing else. */
async function generateTypes(): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, relativeToWorkspace(OPENAPI_DOCUMENT)], {
    cwd: WORKSPACE_ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

function firstDifferentLine(a: string, b: string): number {
  const left = a.split('\n');
  const right = b.split('\n');
  const index = left.findIndex((line, i) => line !== right[i]);
  return (index === -1 ? left.length : index) + 1;
}

async function run(check: boolean): Promise<number> {
  const target = relativeToWorkspace(SDK_TYPES);
  const source = relativeToWorkspace(OPENAPI_DOCUMENT);
  if (!existsSync(OPENAPI_DOCUMENT)) {
    console.error(`${source} is missing: run \`npm run openapi:export\` first.`);
    return 1;
  }
  const generated = await generateTypes();
  if (!check) {
    await mkdir(dirname(SDK_TYPES), { recursive: true });
    await writeFile(SDK_TYPES, generated);
    console.log(`${target} generated from ${source}.`);
    return 0;
  }
  const committed = existsSync(SDK_TYPES) ? await readFile(SDK_TYPES, 'utf8') : undefined;
  if (committed === generated) {
    console.log(`${target} matches ${source}.`);
    return 0;
  }
  console.error(
    [
      committed === undefined
        ? `SDK_DRIFT: ${target} does not exist.`
        : `SDK_DRIFT: ${target} is not what openapi-typescript generates from ${source} ` +
          `(first difference at line ${firstDifferentLine(committed, generated)}).`,
      'Run `npm run sdk:generate` and commit the result.',
    ].join('\n'),
  );
  return 1;
}

async function main(): Promise<number> {
  let check: boolean;
  try {
    check = parseArgs({ options: { check: { type: 'boolean', default: false } } }).values.check;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\nUsage: sdk-types.ts [--check]`);
    return 64;
  }
  try {
    return await run(check);
  } catch (error) {
    console.error(`SDK type generation failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

void main().then((code) => process.exit(code));
