import { resolve } from 'node:path';
import { renderConfigurationReference } from '@keel/platform-config';
import { KERNEL_CONFIG_SCHEMAS } from '@keel/platform-runtime';
import { keelConfigSchemas } from '@keel/schema';

export const CONFIGURATION_DOCUMENT = resolve(__dirname, '../../docs/configuration.md');

/**
 * The variables part of docs/configuration.md as the classes declare it: the
 * kernel's, then each context's, in the order a process loads them.
 */
export function currentConfigurationReference(): string {
  return renderConfigurationReference([...KERNEL_CONFIG_SCHEMAS, ...keelConfigSchemas]);
}
