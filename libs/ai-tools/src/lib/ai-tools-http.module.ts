import { Module } from '@nestjs/common';
import { TenancyModule } from '@keel/tenancy';
import { AiToolsModule } from './ai-tools.module';
import { DecisionsController } from './decisions/decisions.controller';
import { ExecutionsController } from './executions/executions.controller';
import { PolicyController } from './policy/policy.controller';
import { ToolsController } from './tools/tools.controller';

/** The AI tools routes: tools, policy (and its simulation), decisions, executions. */
@Module({
  imports: [AiToolsModule, TenancyModule],
  controllers: [ToolsController, PolicyController, DecisionsController, ExecutionsController],
})
export class AiToolsHttpModule {}
