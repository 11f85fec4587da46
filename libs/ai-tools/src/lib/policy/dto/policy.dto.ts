import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { POLICY_EFFECTS } from '../policy-document';
import { Allow, IsIn, IsInt, IsObject, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';

/** Checked as a whole by the policy's own schema: 422 AI_POLICY_INVALID names each problem at its JSON path. */
export class PolicyRuleDto {
  /** Unique in the policy; decisions name the rules that matched. @example "read-for-all" */
  @ApiProperty({ maxLength: 100 })
  id: string;
  /** `permit`, `forbid` or `require_approval`. @example "permit" */
  @ApiProperty({ enum: POLICY_EFFECTS })
  effect: string;
  /** Tool names or globs (`projects.*`, `*`); `@readOnly` names every read-only tool. @example ["@readOnly"] */
  @ApiProperty({ maxItems: 100, items: { type: 'string', maxLength: 100 } })
  tools: string[];
  /** Role keys, or `api-key` for API keys; omitted: everyone. @example ["member","admin"] */
  @ApiProperty({ maxItems: 50, items: { type: 'string', maxLength: 100 } })
  principals?: string[];
  /** JSON-logic over `{input, principal, context}`; omitted: always. @example {"==":[{"var":"input.to"},"Done"]} */
  when?: Record<string, unknown>;
  /** @example "Everyone may read." */
  @ApiProperty({ maxLength: 1000 })
  description?: string;
}

export class BudgetLimitsDto {
  /** Calls of tools that are not read-only. @example 10 */
  maxWrites?: number;
  /** Calls of destructive tools. @example 2 */
  maxDestructive?: number;
  /** Budget units (each tool's cost). @example 100 */
  maxUnits?: number;
}

export class PolicyBudgetsDto {
  /** Per execution. */
  perExecution?: BudgetLimitsDto;
  /** Per workspace, since 00:00 UTC. */
  perDay?: BudgetLimitsDto;
}

export class GuardrailRedactionsDto {
  /** Email addresses. @example false */
  email?: boolean;
  /** Card numbers (Luhn-checked). @example true */
  card?: boolean;
  /** Keel API keys. @example true */
  apiKey?: boolean;
  /** `Bearer …` tokens. @example true */
  bearerToken?: boolean;
  /** PEM private keys. @example true */
  privateKey?: boolean;
}

export class GuardrailSettingsDto {
  /** Which kinds are redacted before a provider sees them (prompts, tool results) and in the answer; a kind left out stays on. */
  redact?: GuardrailRedactionsDto;
}

export class PutPolicyDto {
  /** Deny by default: `forbid` wins over everything, then `require_approval`, then `permit`. */
  @Allow()
  @ApiProperty({ maxItems: 200 })
  rules: PolicyRuleDto[];

  @Allow()
  budgets?: PolicyBudgetsDto;

  /** Guardrails: every kind is redacted unless turned off here. */
  @Allow()
  guardrails?: GuardrailSettingsDto;

  /** The version read (0 when there was none); a policy changed meanwhile is 409 VERSION_CONFLICT. @example 1 */
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number;
}

export class SimulatedPrincipalDto {
  /** `user` or `api-key`. @example "user" */
  @IsOptional()
  @IsIn(['user', 'api-key'])
  type?: 'user' | 'api-key';

  /** A role key, for a user. @example "member" */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  role?: string;
}

export class SimulatePolicyDto {
  /** @example "projects.transition" */
  @IsString()
  @MaxLength(200)
  tool: string;

  /** @example {"projectId":"0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a30","to":"Done","expectedVersion":3} */
  @IsOptional()
  @IsObject()
  input?: Record<string, unknown>;

  /** Whom to decide for; omitted: the caller. */
  @IsOptional()
  @ValidateNested()
  @Type(() => SimulatedPrincipalDto)
  principal?: SimulatedPrincipalDto;
}
