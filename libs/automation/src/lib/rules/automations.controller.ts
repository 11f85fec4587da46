import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, PageQuery, toPage } from '@keel/platform-database';
import { ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { AutomationRunListResponse, AutomationRunResponse } from '../runs/dto/automation-run.response';
import { AutomationRunsService } from '../runs/automation-runs.service';
import { AutomationRulesService } from './automation-rules.service';
import { CreateAutomationRuleDto, UpdateAutomationRuleDto } from './dto/automation-rule.dto';
import { AutomationRuleListResponse, AutomationRuleResponse } from './dto/automation-rule.response';
import { RuleTestDto } from './dto/rule-test.dto';
import { RuleTestResponse } from './dto/rule-test.response';

@ApiTags('automations')
@Controller('v1/workspaces/:workspaceId/automations')
export class AutomationsController {
  constructor(
    private readonly rules: AutomationRulesService,
    private readonly runs: AutomationRunsService,
  ) {}

  /** The workspace's automation rules, newest first. */
  @RequirePermission('automations:read')
  @Get()
  async list(@WorkspaceParam() workspaceId: string, @Query() query: PageQuery): Promise<AutomationRuleListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rules = await this.rules.list(workspaceId, limit, decodeIdCursor(query.cursor));
    return toPage(rules, limit, AutomationRuleResponse.of, (rule) => [rule.id]);
  }

  /**
   * Creates a rule: when an event of `trigger.eventType` matching
   * `trigger.condition` happens, run `actions`. 422 AUTOMATION_INVALID lists
   * an unknown event type, a condition that does not parse or a bad action,
   * each at its JSON path.
   */
  @RequirePermission('automations:write')
  @Post()
  async create(
    @WorkspaceParam() workspaceId: string,
    @Body() body: CreateAutomationRuleDto,
  ): Promise<AutomationRuleResponse> {
    return AutomationRuleResponse.of(await this.rules.create(workspaceId, body));
  }

  /** One rule. */
  @RequirePermission('automations:read')
  @Get(':ruleId')
  async get(
    @WorkspaceParam() workspaceId: string,
    @Param('ruleId', ParseIdPipe) ruleId: string,
  ): Promise<AutomationRuleResponse> {
    return AutomationRuleResponse.of(await this.rules.get(workspaceId, ruleId));
  }

  /** Changes a rule; the same checks as creating one. */
  @RequirePermission('automations:write')
  @Patch(':ruleId')
  async update(
    @WorkspaceParam() workspaceId: string,
    @Param('ruleId', ParseIdPipe) ruleId: string,
    @Body() body: UpdateAutomationRuleDto,
  ): Promise<AutomationRuleResponse> {
    return AutomationRuleResponse.of(await this.rules.update(workspaceId, ruleId, body));
  }

  /** Deletes a rule and its runs. */
  @RequirePermission('automations:write')
  @Delete(':ruleId')
  @HttpCode(204)
  async delete(@WorkspaceParam() workspaceId: string, @Param('ruleId', ParseIdPipe) ruleId: string): Promise<void> {
    await this.rules.delete(workspaceId, ruleId);
  }

  /** Which actions the rule would run for this event, and with what input; changes nothing. */
  @RequirePermission('automations:write')
  @Post(':ruleId/test')
  @HttpCode(200)
  test(
    @WorkspaceParam() workspaceId: string,
    @Param('ruleId', ParseIdPipe) ruleId: string,
    @Body() body: RuleTestDto,
  ): Promise<RuleTestResponse> {
    return this.rules.test(workspaceId, ruleId, body.event);
  }

  /** The rule's runs, newest first, each with its actions, their status and error. */
  @RequirePermission('automations:read')
  @Get(':ruleId/runs')
  async runsOf(
    @WorkspaceParam() workspaceId: string,
    @Param('ruleId', ParseIdPipe) ruleId: string,
    @Query() query: PageQuery,
  ): Promise<AutomationRunListResponse> {
    await this.rules.get(workspaceId, ruleId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const runs = await this.runs.list(workspaceId, ruleId, limit, decodeIdCursor(query.cursor));
    return toPage(runs, limit, AutomationRunResponse.of, ({ run }) => [run.id]);
  }
}
