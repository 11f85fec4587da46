import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ConfigSection, EnvVar, toInteger } from '@keel/platform-config';

/**
 * Tenancy's variables: invites.
 */
@ConfigSection('Tenancy')
export class TenancyConfig {
  @EnvVar({ type: 'integer', description: 'Lifetime of an invite, in days (at most 30).' })
  @Transform(toInteger)
  @Min(1)
  @Max(30)
  @IsInt()
  INVITE_TTL_DAYS = 7;
}
