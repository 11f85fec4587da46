import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { AiPolicyService } from './ai-policy.service';
import { PutPolicyDto, SimulatePolicyDto } from './dto/policy.dto';
import { PolicyResponse, SimulationResponse } from './dto/policy.response';
import { PolicySimulation } from './policy-simulation';

@ApiTags('ai-tools')
@Controller('v1/workspaces/:workspaceId/ai/policy')
export class PolicyController {
  constructor(
    private readonly policies: AiPolicyService,
    private readonly simulation: PolicySimulation,
  ) {}

  /** The AI policy in force: version 0 with no rules while the workspace has none (every tool call is denied). */
  @RequirePermission('ai:use')
  @Get()
  async get(@WorkspaceParam() workspaceId: string): Promise<PolicyResponse> {
    return PolicyResponse.of(await this.policies.current(workspaceId));
  }

  /**
   * Replaces the policy: a new version when the content changed. 422
   * AI_POLICY_INVALID names each problem at its JSON path; with
   * `expectedVersion`, a policy changed meanwhile is 409 VERSION_CONFLICT.
   */
  @RequirePermission('ai:manage')
  @Put()
  async put(@WorkspaceParam() workspaceId: string, @Body() body: PutPolicyDto): Promise<PolicyResponse> {
    const { expectedVersion, ...document } = body;
    return PolicyResponse.of(await this.policies.replace(workspaceId, { ...document }, expectedVersion));
  }

  /** The decision the policy would take on a call (for the caller, or another principal) and the rules that matched; changes and logs nothing. */
  @RequirePermission('ai:manage')
  @Post('simulate')
  @HttpCode(200)
  simulate(@WorkspaceParam() workspaceId: string, @Body() body: SimulatePolicyDto): Promise<SimulationResponse> {
    return this.simulation.simulate(workspaceId, body);
  }
}
