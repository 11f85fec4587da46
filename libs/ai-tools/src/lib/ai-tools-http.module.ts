import { Module } from '@nestjs/common';
import { TenancyModule } from '@keel/tenancy';
import { AiToolsModule } from './ai-tools.module';
import { ApprovalsController } from './approvals/approvals.controller';
import { DecisionsController } from './decisions/decisions.controller';
import { ExecutionEventsController } from './executions/execution-events.controller';
import { ExecutionsController } from './executions/executions.controller';
import { McpController } from './mcp/mcp.controller';
import { McpToolServer } from './mcp/mcp-tool-server';
import { PolicyController } from './policy/policy.controller';
import { SecretsController } from './secrets/secrets.controller';
import { ThreadsController } from './threads/threads.controller';
import { ToolsController } from './tools/tools.controller';

/** The AI tools routes: tools, policy (and its simulation), decisions, executions, approvals, secrets, MCP, threads. */
@Module({
  imports: [AiToolsModule, TenancyModule],
  controllers: [
    ToolsController,
    PolicyController,
    DecisionsController,
    ExecutionsController,
    ApprovalsController,
    SecretsController,
    McpController,
    ThreadsController,
    ExecutionEventsController,
  ],
  providers: [McpToolServer],
})
export class AiToolsHttpModule {}
