import { Injectable } from '@nestjs/common';
import { AiExecutionsService } from '../executions/ai-executions.service';
import { ExecutionResponse } from '../executions/dto/execution.response';
import { PromptExecutions } from '../prompt/prompt-executions.service';
import { AiApprovalsService } from './ai-approvals.service';
import { ApprovalResponse, DecidedApprovalResponse } from './dto/approval.response';

/** Deciding a held call, then resuming its execution where it paused, as its requester. */
@Injectable()
export class ApprovalResumption {
  constructor(
    private readonly approvals: AiApprovalsService,
    private readonly executions: AiExecutionsService,
    private readonly prompts: PromptExecutions,
  ) {}

  async decide(workspaceId: string, approvalId: string, approve: boolean): Promise<DecidedApprovalResponse> {
    const approval = await this.approvals.decide(workspaceId, approvalId, approve);
    const execution = (await this.prompts.isPrompt(workspaceId, approval.executionId))
      ? await this.prompts.resumeAfter(workspaceId, approval)
      : await this.executions.resumeAfter(workspaceId, approval);
    return { ...ApprovalResponse.of(approval), execution: ExecutionResponse.of(execution) };
  }
}
