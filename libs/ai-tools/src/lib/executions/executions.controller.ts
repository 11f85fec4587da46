import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DomainError, ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { PromptExecutions } from '../prompt/prompt-executions.service';
import { AiThreadsService } from '../threads/ai-threads.service';
import { AiExecutionsService } from './ai-executions.service';
import { CreateExecutionDto } from './dto/create-execution.dto';
import { ExecutionResponse } from './dto/execution.response';

@ApiTags('ai-tools')
@Controller('v1/workspaces/:workspaceId/ai/executions')
export class ExecutionsController {
  constructor(
    private readonly executions: AiExecutionsService,
    private readonly prompts: PromptExecutions,
    private readonly threads: AiThreadsService,
  ) {}

  /**
   * Runs tool calls as the caller. `{calls}`: each call is validated against
   * its tool's input schema, decided by the caller's permission, the policy
   * and the budgets, and run, in order; a refused call answers a tool error
   * (`INVALID_ARGUMENTS`, `POLICY_DENIED`, `BUDGET_EXCEEDED`) and the next
   * calls still run. A call held for approval stops the execution there
   * (`awaiting_approval`). `{prompt}`: Keel runs the model loop with the
   * configured provider, every call the model proposes taking the same path,
   * until the model answers or a limit (`maxSteps`, `maxTokens`, `maxSeconds`)
   * is reached; without a provider, 422 AI_PROVIDER_NOT_CONFIGURED.
   */
  @RequirePermission('ai:use')
  @Post()
  async create(@WorkspaceParam() workspaceId: string, @Body() body: CreateExecutionDto): Promise<ExecutionResponse> {
    if (body.calls && body.prompt !== undefined) {
      throw new DomainError('VALIDATION_FAILED', 'An execution takes either calls or a prompt, not both.', {
        errors: [{ field: 'prompt', path: '$.prompt', rule: 'oneOf', message: 'give either calls or prompt' }],
      });
    }
    if (body.prompt !== undefined) {
      return ExecutionResponse.of(
        await this.prompts.start(workspaceId, {
          prompt: body.prompt,
          model: body.model,
          limits: body.limits,
          threadId: body.threadId,
        }),
      );
    }
    if (!body.calls) {
      throw new DomainError('VALIDATION_FAILED', 'An execution takes calls or a prompt.', {
        errors: [{ field: 'calls', path: '$.calls', rule: 'oneOf', message: 'give either calls or prompt' }],
      });
    }
    // Calls mode in a thread: nothing is appended (no model spoke), but deleting the thread erases what they stored.
    if (body.threadId) await this.threads.get(workspaceId, body.threadId);
    const execution = await this.executions.runCalls(workspaceId, body.calls);
    if (body.threadId) await this.threads.attach(workspaceId, body.threadId, execution.execution);
    return ExecutionResponse.of(execution);
  }

  /** One execution: its status, each step (tool, input, decision, outcome, result or error, latency) and totals. Another caller's is 404 without ai:manage. */
  @RequirePermission('ai:use')
  @Get(':executionId')
  async get(
    @WorkspaceParam() workspaceId: string,
    @Param('executionId', ParseIdPipe) executionId: string,
  ): Promise<ExecutionResponse> {
    return ExecutionResponse.of(await this.executions.get(workspaceId, executionId));
  }
}
