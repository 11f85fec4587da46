import { Module, OnModuleInit } from '@nestjs/common';
import { AutomationModule } from '@keel/automation';
import { BillingModule } from '@keel/billing';
import { DocumentsModule } from '@keel/documents';
import { EventCatalog, EventsModule } from '@keel/events';
import { TenancyModule } from '@keel/tenancy';
import { WorkflowsModule } from '@keel/workflows';
import { AiCaller } from './ai-caller';
import { AI_TOOLS_EVENT_DEFINITIONS } from './ai-tools-events';
import { AiApprovalsService } from './approvals/ai-approvals.service';
import { ApprovalExpiryJob } from './approvals/approval-expiry.job';
import { ApprovalResumption } from './approvals/approval-resumption';
import { ExpiredApprovals } from './approvals/expired-approvals';
import { AiDecisionsService } from './decisions/ai-decisions.service';
import { AiExecutionsService } from './executions/ai-executions.service';
import { AI_EXECUTION_EVENT_DEFINITIONS, ExecutionEvents } from './executions/execution-events';
import { ToolCallRunner } from './executions/tool-call-runner';
import { AiPolicyService } from './policy/ai-policy.service';
import { PolicySimulation } from './policy/policy-simulation';
import { WorkspaceSecretsService } from './secrets/workspace-secrets.service';
import { BuiltInTools } from './tools/built-in-tools';
import { HttpToolCall } from './tools/http/http-tool-call';
import { HttpToolsService } from './tools/http/http-tools.service';
import { ToolRegistry } from './tools/tool-registry';
import { modelProvider } from './prompt/model-provider.provider';
import { PromptExecutions } from './prompt/prompt-executions.service';
import { AiThreadsService } from './threads/ai-threads.service';

const AI_TOOLS_SERVICES = [
  AiCaller,
  BuiltInTools,
  WorkspaceSecretsService,
  HttpToolsService,
  HttpToolCall,
  ToolRegistry,
  AiPolicyService,
  PolicySimulation,
  AiDecisionsService,
  ToolCallRunner,
  AiExecutionsService,
  AiApprovalsService,
  ApprovalResumption,
  PromptExecutions,
  AiThreadsService,
  ExecutionEvents,
];

/**
 * AI tools: a registry of tools that act as the caller through the services
 * the HTTP routes use (and the workspace's HTTP tools, with its secrets), a
 * deny-by-default workspace policy with budgets, the decision log, and
 * executions of tool calls. The routes are AiToolsHttpModule's.
 */
@Module({
  imports: [TenancyModule, EventsModule, WorkflowsModule, AutomationModule, DocumentsModule, BillingModule],
  providers: [...AI_TOOLS_SERVICES, ExpiredApprovals, ApprovalExpiryJob, modelProvider],
  exports: AI_TOOLS_SERVICES,
})
export class AiToolsModule implements OnModuleInit {
  constructor(private readonly catalog: EventCatalog) {}

  onModuleInit(): void {
    this.catalog.register(...AI_TOOLS_EVENT_DEFINITIONS, ...AI_EXECUTION_EVENT_DEFINITIONS);
  }
}
