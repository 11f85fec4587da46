export { runKeel } from './lib/run-keel';
export { serve, createKeelHttpApplication } from './lib/serve';
export type { RunningKeel } from './lib/serve';
export type {
  ApiReference,
  ApiTag,
  KeelApplication,
  KeelCommand,
  KeelCommandContext,
  KeelProcessContext,
} from './lib/keel-application';
export { migrateDatabase, checkSchemaDrift, rotateSealedValues } from './lib/database-commands';
export { reencryptSealedColumns } from './lib/sealed-column-rotation';
export type { SealedColumnRotation, SealedColumnRotationOptions } from './lib/sealed-column-rotation';
export { configureHttpApplication } from './lib/configure-http-application';
export { createHttpAdapter } from './lib/http-adapter';
export { createOpenApiDocument, mountOpenApi } from './lib/openapi';
export { parseTrustProxy } from './lib/trust-proxy';
export { PlatformModule } from './lib/platform.module';
export { KERNEL_CONFIG_SCHEMAS, loadProcessConfig } from './lib/process-config';
