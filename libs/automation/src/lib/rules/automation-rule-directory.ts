import { Injectable } from '@nestjs/common';
import { decodeIdCursor, Page, toPage } from '@keel/platform-database';
import { AutomationRulesService } from './automation-rules.service';
import { AutomationRuleResponse } from './dto/automation-rule.response';

/**
 * The contract for contexts that read automation rules as the caller and
 * answer with what GET /automations answers (AI tools). The caller's
 * `automations:read` is checked by the one who calls.
 */
@Injectable()
export class AutomationRuleDirectory {
  constructor(private readonly rules: AutomationRulesService) {}

  /** Newest first. */
  async list(workspaceId: string, page: { limit: number; cursor?: string }): Promise<Page<AutomationRuleResponse>> {
    const rules = await this.rules.list(workspaceId, page.limit, decodeIdCursor(page.cursor));
    return toPage(rules, page.limit, AutomationRuleResponse.of, (rule) => [rule.id]);
  }
}
