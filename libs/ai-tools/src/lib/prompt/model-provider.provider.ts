import type { Provider } from '@nestjs/common';
import { AiToolsConfig } from '../ai-tools-config';
import { MODEL_PROVIDER } from './model-provider';
import { createModelProvider } from './model-provider.factory';

/** The configured model provider (null with AI_PROVIDER=none), for prompt mode. */
export const modelProvider: Provider = {
  provide: MODEL_PROVIDER,
  useFactory: (config: AiToolsConfig) => createModelProvider(config),
  inject: [AiToolsConfig],
};
