import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Trim } from '@keel/platform-errors';

/** Why the admin acts: kept in the platform audit log and the workspace's event. */
export class AdminReasonDto {
  /** @example "Abuse report #4411: spam invitations" */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason: string;
}

export class OptionalAdminReasonDto {
  /** @example "Customer confirmed the spam came from a leaked key, now revoked" */
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason?: string;
}
