import { Injectable } from '@nestjs/common';
import { AiCaller } from '../ai-caller';
import type { DecisionPrincipal } from '../decisions/ai-decision.entity';
import { inputSha256 } from '../executions/input-hash';
import { ToolRegistry } from '../tools/tool-registry';
import { AiPolicyService } from './ai-policy.service';
import { SimulatePolicyDto } from './dto/policy.dto';
import { SimulationResponse } from './dto/policy.response';
import { evaluatePolicy } from './policy-evaluation';

/** The policy's decision on a call, and the rules that matched, changing nothing and logging nothing. */
@Injectable()
export class PolicySimulation {
  constructor(
    private readonly policies: AiPolicyService,
    private readonly registry: ToolRegistry,
    private readonly caller: AiCaller,
  ) {}

  async simulate(workspaceId: string, request: SimulatePolicyDto): Promise<SimulationResponse> {
    const policy = await this.policies.current(workspaceId);
    const input = request.input ?? {};
    const principal = this.principalOf(request);
    const common = {
      policyVersion: policy?.version ?? 0,
      tool: request.tool,
      inputSha256: inputSha256(input),
      principal,
    };
    const tool = await this.registry.find(workspaceId, request.tool);
    if (!tool) {
      return {
        ...common,
        effect: 'deny',
        matchedRules: [],
        reason: `No tool is named "${request.tool}".`,
        permission: null,
      };
    }
    const problems = this.registry.inputProblems(workspaceId, tool, input);
    if (problems.length > 0) {
      return {
        ...common,
        effect: 'deny',
        matchedRules: [],
        reason: `INVALID_ARGUMENTS: ${problems.map((problem) => `${problem.path} ${problem.message}`).join('; ')}.`,
        permission: tool.permission,
      };
    }
    const verdict = evaluatePolicy(policy?.rules ?? null, {
      tool: { name: tool.name, readOnly: tool.annotations.readOnly },
      input,
      principal,
      context: {
        executionId: null,
        step: 1,
        tool: { name: tool.name, version: tool.version, ...tool.annotations, cost: tool.cost },
        now: new Date().toISOString(),
      },
    });
    return { ...common, ...verdict, permission: tool.permission };
  }

  private principalOf(request: SimulatePolicyDto): DecisionPrincipal {
    const self = this.caller.principal;
    const asked = request.principal;
    if (!asked || (asked.type === undefined && asked.role === undefined)) return self;
    const type = asked.type ?? (asked.role !== undefined ? 'user' : self.type);
    if (type === 'api-key') return { type, id: self.type === 'api-key' ? self.id : '', role: null };
    return {
      type: 'user',
      id: self.type === 'user' ? self.id : '',
      role: asked.role ?? (self.type === 'user' ? self.role : null),
    };
  }
}
