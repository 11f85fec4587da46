import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class CreateEvaluationDto {
  /** The gate to evaluate the release against (its current version). @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b21" */
  @IsUUID()
  gateId: string;

  /** Read only evidence of this platform (and evidence of none). @example "linux/amd64" */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)?$/, {
    message: 'platform must look like os/arch, e.g. linux/amd64',
  })
  @MaxLength(100)
  platform?: string;
}
