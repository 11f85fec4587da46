import { Logger } from '@nestjs/common';
import { PgNotifications, platformDatabaseMigrations } from '@keel/platform-database';
import { createApplicationLogin, createTestDatabase, TestDatabase } from '@keel/platform-testing';
import { JobQueue } from './job-queue';

describe('JobQueue.declareQueue', () => {
  let database: TestDatabase;
  let notifications: PgNotifications;
  let queue: JobQueue;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await createTestDatabase({ migrations: platformDatabaseMigrations });
    const login = await createApplicationLogin(database);
    // pg-boss creates its own schema on first start, as it would on a database the login owns.
    await database.dataSource.query(`GRANT CREATE ON DATABASE ${database.name} TO ${login.user}`);
    notifications = new PgNotifications(login.url);
    queue = new JobQueue(
      { url: login.url, schema: 'pgboss', runWorkers: false, shutdownGraceMs: 5_000 },
      notifications,
    );
  });

  afterAll(async () => {
    await queue?.beforeApplicationShutdown();
    await notifications?.onApplicationShutdown();
    await database?.drop();
  });

  it('should wait for the queue to start, then create the queue with its settings', async () => {
    const declared = queue.declareQueue('probe.declared', { retryLimit: 4, expireInSeconds: 90 });
    await queue.onApplicationBootstrap();
    await declared;

    expect(await queue.pgBoss.getQueue('probe.declared')).toMatchObject({
      policy: 'standard',
      retryLimit: 4,
      expireInSeconds: 90,
    });
  });

  it('should apply changed settings when a queue that exists is declared again', async () => {
    await queue.declareQueue('probe.changed', { retryLimit: 4, expireInSeconds: 90, retryBackoff: false });

    await queue.declareQueue('probe.changed', { retryLimit: 1, expireInSeconds: 30, retryBackoff: true });

    expect(await queue.pgBoss.getQueue('probe.changed')).toMatchObject({
      retryLimit: 1,
      expireInSeconds: 30,
      retryBackoff: true,
    });
  });

  it("should keep a queue's policy when it is declared again", async () => {
    await queue.declareQueue('probe.singleton', { policy: 'singleton' });

    await queue.declareQueue('probe.singleton', { policy: 'singleton', retryLimit: 2 });

    expect(await queue.pgBoss.getQueue('probe.singleton')).toMatchObject({ policy: 'singleton', retryLimit: 2 });
  });

  it('should create queues declared at the same moment, as two providers of one module do at bootstrap', async () => {
    const names = ['probe.together.a', 'probe.together.b', 'probe.together.c', 'probe.together.d'];

    await Promise.all(names.map((name) => queue.declareQueue(name, { retryLimit: 3 })));

    for (const name of names) expect(await queue.pgBoss.getQueue(name)).toMatchObject({ name, retryLimit: 3 });
  });
});
