import { AiTools1764000014000 } from '../migrations/1764000014000-ai-tools';
import { AiDecision } from './decisions/ai-decision.entity';
import { AiExecutionStep } from './executions/ai-execution-step.entity';
import { AiExecution } from './executions/ai-execution.entity';
import { AiPolicyVersion } from './policy/ai-policy-version.entity';

/** The AI tools context's tables: policy versions, executions and their steps, and the decision log. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const aiToolsEntities: Function[] = [AiPolicyVersion, AiExecution, AiExecutionStep, AiDecision];

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const aiToolsMigrations: Function[] = [AiTools1764000014000];
