export { AiToolsModule } from './lib/ai-tools.module';
export { AiToolsHttpModule } from './lib/ai-tools-http.module';
export { aiToolsEntities, aiToolsMigrations, aiToolsSealedColumns } from './lib/ai-tools-schema';
export { AiToolsConfig } from './lib/ai-tools-config';
