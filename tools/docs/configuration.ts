/**
 * Regenerates the variables part of docs/configuration.md from the config
 * classes (the kernel's and every context's). With --check it changes nothing
 * and exits 1 when the document is stale.
 *
 *   node -r @swc-node/register tools/docs/configuration.ts [--check]
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { configTableIn, withConfigTable } from '@keel/platform-config';
import { CONFIGURATION_DOCUMENT, currentConfigurationReference } from './configuration-reference';

function main(check: boolean): number {
  const name = relative(process.cwd(), CONFIGURATION_DOCUMENT);
  const current = readFileSync(CONFIGURATION_DOCUMENT, 'utf8');
  const reference = currentConfigurationReference();
  if (configTableIn(current) === reference) {
    console.log(`${name}: the variables match the config classes.`);
    return 0;
  }
  if (check) {
    console.error(`${name}: the variables differ from the config classes. Run: npm run docs:config`);
    return 1;
  }
  writeFileSync(CONFIGURATION_DOCUMENT, withConfigTable(current, reference));
  console.log(`${name}: variables rewritten from the config classes.`);
  return 0;
}

try {
  process.exitCode = main(process.argv.includes('--check'));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
