import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { ConfigSection, EnvVar, toBoolean, toInteger } from '@keel/platform-config';

/**
 * Tenancy's variables: invites, and the limits that keep them from being a spam relay.
 */
@ConfigSection('Tenancy')
export class TenancyConfig {
  @EnvVar({ type: 'integer', description: 'Lifetime of an invite, in days (at most 30).' })
  @Transform(toInteger)
  @Min(1)
  @Max(30)
  @IsInt()
  INVITE_TTL_DAYS = 7;

  @EnvVar({
    type: 'integer',
    description: 'Invites and invite resends allowed in one workspace per hour (0: no limit).',
  })
  @Transform(toInteger)
  @Min(0)
  @IsInt()
  INVITES_PER_WORKSPACE_PER_HOUR = 50;

  @EnvVar({
    type: 'integer',
    description: 'Invites and invite resends allowed in one workspace per day (0: no limit).',
  })
  @Transform(toInteger)
  @Min(0)
  @IsInt()
  INVITES_PER_WORKSPACE_PER_DAY = 200;

  @EnvVar({
    type: 'integer',
    description:
      'Invites and invite resends one person (or the API keys they made) may send per hour, across workspaces (0: no limit).',
  })
  @Transform(toInteger)
  @Min(0)
  @IsInt()
  INVITES_PER_INVITER_PER_HOUR = 20;

  @EnvVar({
    type: 'integer',
    description:
      'Invites and invite resends one person (or the API keys they made) may send per day, across workspaces (0: no limit).',
  })
  @Transform(toInteger)
  @Min(0)
  @IsInt()
  INVITES_PER_INVITER_PER_DAY = 100;

  @EnvVar({
    type: 'boolean',
    description:
      'Only people whose email address is verified may invite (403 EMAIL_NOT_VERIFIED otherwise), and API keys only when the person who made them is.',
  })
  @Transform(toBoolean)
  @IsBoolean()
  INVITES_REQUIRE_VERIFIED_EMAIL = true;
}
