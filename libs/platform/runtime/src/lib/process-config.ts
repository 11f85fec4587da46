import { ConfigSchema, ConfigSet, KeelConfig, loadConfig } from '@keel/platform-config';
import { MailConfig } from '@keel/platform-mail';
import { QueueConfig } from '@keel/platform-queue';
import { StorageConfig } from '@keel/platform-storage';
import type { KeelApplication } from './keel-application';

/** The kernel's config classes, which every process loads before its contexts' own. */
export const KERNEL_CONFIG_SCHEMAS: readonly ConfigSchema[] = [KeelConfig, QueueConfig, MailConfig, StorageConfig];

/**
 * Validates the kernel's variables and those of every context the application
 * composes, all together: a bad value anywhere is one more line of the same
 * CONFIG_INVALID.
 */
export function loadProcessConfig(
  application: Pick<KeelApplication, 'configs'>,
  env: NodeJS.ProcessEnv = process.env,
): ConfigSet {
  return loadConfig(env, [...KERNEL_CONFIG_SCHEMAS, ...(application.configs ?? [])]);
}
