import { IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsTimestamp, Trim } from '@keel/platform-errors';

export class RequestWaiverDto {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b21" */
  @IsUUID()
  gateId: string;

  /** The key of the criterion to waive, in the gate's current version. @example "line-coverage" */
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  criterion: string;

  /** @example "Coverage drops while the old importer is removed; back above 80 % in 1.4.1." */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;

  /** After this the waiver does nothing. @example "2030-01-31T00:00:00Z" */
  @IsTimestamp()
  expiresAt: string;
}
