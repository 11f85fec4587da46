import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ConfigSection, EnvVar, toInteger } from '@keel/platform-config';

/** The platform admin context's variables. */
@ConfigSection('Admin')
export class AdminConfig {
  @EnvVar({
    type: 'integer',
    description:
      'Days between a platform admin deleting a workspace (DELETE /v1/admin/workspaces/{id}) and its removal; restorable until then.',
  })
  @Transform(toInteger)
  @Min(0)
  @Max(3650)
  @IsInt()
  WORKSPACE_DELETE_GRACE_DAYS = 30;

  @EnvVar({
    type: 'integer',
    description:
      'Largest workspace bundle (bytes) a platform admin may upload to POST /v1/admin/imports; a larger upload is 413 and nothing is kept.',
  })
  @Transform(toInteger)
  @Min(1024)
  @Max(64 * 1024 * 1024 * 1024)
  @IsInt()
  BUNDLE_MAX_BYTES = 1024 * 1024 * 1024;
}
