export { ConfigModule } from './lib/config.module';
export { KeelConfig, KEEL_ROLES, LOG_LEVELS } from './lib/keel-config';
export type { KeelRole, LogLevel } from './lib/keel-config';
export { loadConfig, formatConfigProblems, ConfigInvalidError, EXIT_CONFIG_INVALID } from './lib/load-config';
export type { ConfigProblem } from './lib/load-config';
export { declaredEnvVars } from './lib/env-var.decorator';
export type { DeclaredEnvVar, EnvVarType } from './lib/env-var.decorator';
export { renderConfigurationTable } from './lib/configuration-doc';
export { configTableIn, withConfigTable, CONFIG_TABLE_START, CONFIG_TABLE_END } from './lib/configuration-doc-markers';
