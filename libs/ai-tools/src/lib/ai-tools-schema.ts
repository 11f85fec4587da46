import { AiTools1764000014000 } from '../migrations/1764000014000-ai-tools';
import { AiApprovals1764000014100 } from '../migrations/1764000014100-ai-approvals';
import { AiApproval } from './approvals/ai-approval.entity';
import { AiDecision } from './decisions/ai-decision.entity';
import { AiExecutionStep } from './executions/ai-execution-step.entity';
import { AiExecution } from './executions/ai-execution.entity';
import { AiPolicyVersion } from './policy/ai-policy-version.entity';

/** The AI tools context's tables: policy versions, executions and their steps, the decision log, approvals. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const aiToolsEntities: Function[] = [AiPolicyVersion, AiExecution, AiExecutionStep, AiDecision, AiApproval];

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const aiToolsMigrations: Function[] = [AiTools1764000014000, AiApprovals1764000014100];
