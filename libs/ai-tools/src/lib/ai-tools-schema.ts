import { AiTools1764000014000 } from '../migrations/1764000014000-ai-tools';
import type { SealedColumn } from '@keel/platform-crypto';
import { AiApprovals1764000014100 } from '../migrations/1764000014100-ai-approvals';
import { WorkspaceSecretsAndHttpTools1764000014200 } from '../migrations/1764000014200-workspace-secrets-and-http-tools';
import { AiPromptMode1764000019000 } from '../migrations/1764000019000-ai-prompt-mode';
import { AiThreads1764000019100 } from '../migrations/1764000019100-ai-threads';
import { AiPolicyGuardrails1764000020300 } from '../migrations/1764000020300-ai-policy-guardrails';
import { AiApprovalExpiry1764000020310 } from '../migrations/1764000020310-ai-approval-expiry';
import { AiThread } from './threads/ai-thread.entity';
import { AiThreadMessage } from './threads/ai-thread-message.entity';
import { AiApproval } from './approvals/ai-approval.entity';
import { AiDecision } from './decisions/ai-decision.entity';
import { AiExecutionStep } from './executions/ai-execution-step.entity';
import { AiExecution } from './executions/ai-execution.entity';
import { AiPolicyVersion } from './policy/ai-policy-version.entity';
import { WorkspaceSecret } from './secrets/workspace-secret.entity';
import { workspaceSecretSealedColumn } from './secrets/workspace-secret-sealing';
import { AiHttpTool } from './tools/http/ai-http-tool.entity';

/** The AI tools context's tables: policy versions, executions and their steps, the decision log, approvals, secrets, HTTP tools. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const aiToolsEntities: Function[] = [
  AiPolicyVersion,
  AiExecution,
  AiExecutionStep,
  AiDecision,
  AiApproval,
  WorkspaceSecret,
  AiHttpTool,
  AiThread,
  AiThreadMessage,
];

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const aiToolsMigrations: Function[] = [
  AiTools1764000014000,
  AiApprovals1764000014100,
  WorkspaceSecretsAndHttpTools1764000014200,
  AiPromptMode1764000019000,
  AiThreads1764000019100,
  AiPolicyGuardrails1764000020300,
  AiApprovalExpiry1764000020310,
];

/** Columns sealed under the master key, re-sealed by `crypto:rotate`. */
export const aiToolsSealedColumns: SealedColumn[] = [workspaceSecretSealedColumn];
