/**
 * Builds apps/admin-console into dist/apps/admin-console, the folder the API
 * serves at /admin: type-checks the console against the generated SDK types
 * (with the DOM's types, which the rest of the repository does not use),
 * then compiles each source file on its own into an ES module (the SDK is
 * imported for its types only, which compile to nothing) and copies the
 * page and its style sheet. Run by `nx build admin-console`, which
 * `npm run build` runs before the API's build.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(__dirname, '../..');
const source = join(root, 'apps/admin-console/src');
const output = join(root, 'dist/apps/admin-console');

const check = spawnSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'apps/admin-console/tsconfig.app.json')],
  { stdio: 'inherit' },
);
if (check.status !== 0) process.exit(check.status ?? 1);

rmSync(output, { recursive: true, force: true });
mkdirSync(output, { recursive: true });
for (const name of readdirSync(source)) {
  const from = join(source, name);
  if (name.endsWith('.ts') && !name.endsWith('.spec.ts')) {
    const compiled = ts.transpileModule(readFileSync(from, 'utf8'), {
      fileName: name,
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, removeComments: false },
    });
    writeFileSync(join(output, name.replace(/\.ts$/, '.js')), compiled.outputText);
  } else if (name.endsWith('.html') || name.endsWith('.css')) {
    copyFileSync(from, join(output, name));
  }
}
process.stdout.write(`admin console built into ${output}\n`);
