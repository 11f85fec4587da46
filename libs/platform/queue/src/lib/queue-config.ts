import { Matches } from 'class-validator';
import { ConfigSection, EnvVar, IsCronExpression } from '@keel/platform-config';

/**
 * The job queue's variables (pg-boss): where its tables live and when
 * housekeeping runs.
 */
@ConfigSection('Queue')
export class QueueConfig {
  @EnvVar({ type: 'string', description: 'PostgreSQL schema that holds the pg-boss queue tables.' })
  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'must be a lower-case SQL identifier' })
  QUEUE_SCHEMA = 'pgboss';

  @EnvVar({ type: 'string', description: 'Cron schedule (UTC) of the housekeeping job that purges expired rows.' })
  @IsCronExpression()
  HOUSEKEEPING_CRON = '*/10 * * * *';
}
