import { Transform } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { ConfigSection, EnvVar, toInteger } from '@keel/platform-config';

/**
 * The job runs ledger's variables: retention.
 */
@ConfigSection('Jobs')
export class JobsConfig {
  @EnvVar({
    type: 'integer',
    description:
      'Finished job runs older than this many days are pruned by a daily job; the default of the `job_runs` retention rule, which a platform admin may change (PUT /v1/admin/retention).',
  })
  @Transform(toInteger)
  @Min(1)
  @IsInt()
  JOBS_RETENTION_DAYS = 30;
}
