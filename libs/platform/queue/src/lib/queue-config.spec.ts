import { ConfigInvalidError, loadConfig } from '@keel/platform-config';
import { QueueConfig } from './queue-config';

function queueConfig(env: NodeJS.ProcessEnv): QueueConfig {
  return loadConfig(env, [QueueConfig]).get(QueueConfig);
}

function refusedVariables(env: Record<string, string>): string[] {
  try {
    loadConfig(env, [QueueConfig]);
  } catch (error) {
    if (error instanceof ConfigInvalidError) return error.problems.map((problem) => problem.variable);
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

/** The queue settings (QUEUE_SCHEMA, HOUSEKEEPING_CRON), as QueueModule.forRoot receives them. */
describe('queue configuration', () => {
  it('should keep pg-boss in its own schema and run housekeeping every ten minutes by default', () => {
    expect({ ...queueConfig({}) }).toEqual({ QUEUE_SCHEMA: 'pgboss', HOUSEKEEPING_CRON: '*/10 * * * *' });
  });

  it.each(['0 3 * * *', '*/5 * * * 1-5', '15,45 * * * *'])('should accept the cron %p', (cron) => {
    expect(queueConfig({ HOUSEKEEPING_CRON: cron }).HOUSEKEEPING_CRON).toBe(cron);
  });

  it.each<[string, Record<string, string>]>([
    ['a queue schema that is not an identifier', { QUEUE_SCHEMA: 'pg-boss' }],
    ['a cron with six fields', { HOUSEKEEPING_CRON: '0 */10 * * * *' }],
    // The cron is handed to pg-boss at bootstrap; a value it cannot parse must stop start-up as CONFIG_INVALID.
    ['a cron whose minute is out of range', { HOUSEKEEPING_CRON: '99 * * * *' }],
    ['a cron made of words', { HOUSEKEEPING_CRON: 'every ten minutes please now' }],
  ])('should refuse %s, naming the variable', (_case, env) => {
    expect(refusedVariables(env)).toEqual(Object.keys(env));
  });
});
