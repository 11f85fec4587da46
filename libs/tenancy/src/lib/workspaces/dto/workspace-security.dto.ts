import { IsBoolean, IsOptional } from 'class-validator';

/** The workspace's security policy. */
export class WorkspaceSecurityDto {
  /**
   * Members' sessions need a second factor (`aal2`) on every route of the workspace (403 MFA_REQUIRED otherwise);
   * API keys are not affected. Only a person signed in with MFA may turn it on. @example true
   */
  @IsOptional()
  @IsBoolean()
  requireMfa?: boolean;
}
