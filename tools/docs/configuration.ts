/**
 * Regenerates the variable table of docs/configuration.md from the KeelConfig
 * schema. With --check it changes nothing and exits 1 when the table is stale.
 *
 *   node -r @swc-node/register tools/docs/configuration.ts [--check]
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { configTableIn, renderConfigurationTable, withConfigTable } from '@keel/platform-config';

const DOCUMENT = resolve(__dirname, '../../docs/configuration.md');

function main(check: boolean): number {
  const name = relative(process.cwd(), DOCUMENT);
  const current = readFileSync(DOCUMENT, 'utf8');
  const table = renderConfigurationTable();
  if (configTableIn(current) === table) {
    console.log(`${name}: the table matches KeelConfig.`);
    return 0;
  }
  if (check) {
    console.error(
      `${name}: the table differs from KeelConfig. Run: npm run docs:config`,
    );
    return 1;
  }
  writeFileSync(DOCUMENT, withConfigTable(current, table));
  console.log(`${name}: table rewritten from KeelConfig.`);
  return 0;
}

try {
  process.exitCode = main(process.argv.includes('--check'));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
