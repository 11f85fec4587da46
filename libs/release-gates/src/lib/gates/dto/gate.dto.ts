import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Trim } from '@keel/platform-errors';
import { IsThreshold, THRESHOLD_TEXT_MAX_LENGTH } from './is-threshold.decorator';

const THRESHOLD_SCHEMAS = [
  { type: 'number' },
  { type: 'string', maxLength: THRESHOLD_TEXT_MAX_LENGTH },
  { type: 'boolean' },
];

export class RelativeToDto {
  /** The only baseline: the last passing releases of the same product. @example "last-passing" */
  @IsIn(['last-passing'])
  baseline: 'last-passing';

  /** How many of them (1–20). @example 5 */
  @IsInt()
  @Min(1)
  @Max(20)
  window: number;

  /** How much worse than their median the value may be, in percent. @example 20 */
  @IsNumber()
  @Min(0)
  @Max(1000)
  maxRegressionPercent: number;
}

export class CriterionDto {
  /** Unique in the gate. @example "tests-failures" */
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,63}$/, { message: 'key must be 1–64 lower-case letters, digits, ".", "_" or "-"' })
  @ApiProperty({ maxLength: 64 })
  key: string;

  /** @example "No failing tests" */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  /** The evidence type it reads (junit, coverage, sarif, bench, load-test, approval, attestation, custom). @example "junit" */
  @IsString()
  @MaxLength(50)
  evidenceType: string;

  /** A dotted path into that evidence's facts. @example "failures" */
  @IsString()
  @MaxLength(200)
  fact: string;

  /** `<`, `<=`, `>`, `>=`, `==` or `!=`. @example "==" */
  @IsString()
  @MaxLength(2)
  operator: string;

  /** The threshold that passes: a number (a string or boolean for == and !=). */
  @ApiProperty({ oneOf: THRESHOLD_SCHEMAS, example: 0 })
  @IsDefined()
  @IsThreshold()
  pass: number | string | boolean;

  /** A looser threshold that warns instead of failing. */
  @ApiPropertyOptional({ oneOf: THRESHOLD_SCHEMAS, example: 2 })
  @IsOptional()
  @IsThreshold()
  warn?: number | string | boolean;

  /** Its share of the score (default 1). @example 2 */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100)
  weight?: number;

  /** Unmet or unmeasured, it fails or leaves the verdict incomplete (default true); else it only warns. @example true */
  @IsOptional()
  @IsBoolean()
  required?: boolean;

  /** Older evidence (by its collectedAt) counts as not measured. @example 24 */
  @IsOptional()
  @IsNumber()
  @Min(0.01)
  @Max(24 * 366)
  maxAgeHours?: number;

  /** Also compare with the median of the last passing releases. */
  @IsOptional()
  @ValidateNested()
  @Type(() => RelativeToDto)
  relativeTo?: RelativeToDto;
}

export class CreateGateDto {
  /** Unique among the workspace's gates. @example "ci-cd" */
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,63}$/, { message: 'key must be 1–64 lower-case letters, digits, ".", "_" or "-"' })
  @ApiProperty({ maxLength: 64 })
  key: string;

  /** @example "CI/CD" */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  /** @example "Every change is built and tested." */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** A built-in template (S00–S11, GET /v1/gate-templates) whose criteria it starts from when `criteria` is empty. @example "S01" */
  @IsOptional()
  @IsString()
  @MaxLength(10)
  fromTemplate?: string;

  /** The stages a release reaches only when this gate passes. @example ["production"] */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(/^[a-z][a-z0-9-]{0,39}$/, { each: true, message: 'each stage must be a lower-case word, e.g. production' })
  @ApiProperty({ items: { type: 'string', maxLength: 40 } })
  requiredFor?: string[];

  /** A `warn` verdict is good enough to promote. @example false */
  @IsOptional()
  @IsBoolean()
  allowWarn?: boolean;

  /** @example [{"key":"tests-failures","title":"No failing tests","evidenceType":"junit","fact":"failures","operator":"==","pass":0},{"key":"line-coverage","title":"Line coverage at least 80 %","evidenceType":"coverage","fact":"lines","operator":">=","pass":80,"warn":70}] */
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CriterionDto)
  criteria: CriterionDto[];
}

/**
 * The fields to change; a change of `criteria` makes a new version. The key
 * (what CI scripts name the gate by) and the template it came from stay.
 */
export class UpdateGateDto extends PartialType(OmitType(CreateGateDto, ['key', 'fromTemplate'] as const), {
  skipNullProperties: false,
}) {}
