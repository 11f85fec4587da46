import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClsModule } from 'nestjs-cls';
import { Entity, PrimaryColumn } from 'typeorm';
import { ConfigModule, loadConfig } from '@keel/platform-config';
import {
  DatabaseModule,
  newId,
  OutsideTenantTransactionError,
  OutsideTransactionError,
  platformDatabaseMigrations,
  SqlMigration,
  TenantTransactions,
} from '@keel/platform-database';
import { createTestDatabase, TestDatabase } from '@keel/platform-testing';
import { ApiKeys1764000001200 } from '../../migrations/1764000001200-api-keys';
import { IdentityConfig } from '../identity-config';
import { ApiKey } from './api-key.entity';
import { ApiKeysService } from './api-keys.service';

/** The workspaces table belongs to tenancy, above identity: here only the key that api_keys refers to. */
class WorkspaceIds1764000001100 extends SqlMigration {
  readonly name = 'WorkspaceIds1764000001100';
  protected readonly upSql = 'CREATE TABLE workspaces (id uuid PRIMARY KEY);';
  protected readonly downSql = 'DROP TABLE workspaces;';
}

/** What ApiKey's foreign key names by entity name. */
@Entity({ name: 'workspaces' })
class Workspace {
  @PrimaryColumn('uuid')
  id: string;
}

describe('ApiKeysService, a tenant service, on PostgreSQL', () => {
  let database: TestDatabase;
  let app: INestApplicationContext;
  let apiKeys: ApiKeysService;
  let tenants: TenantTransactions;
  const workspaceId = newId();
  let keyId: string;

  beforeAll(async () => {
    database = await createTestDatabase({
      migrations: [...platformDatabaseMigrations, WorkspaceIds1764000001100, ApiKeys1764000001200],
    });
    await database.dataSource.query('INSERT INTO workspaces (id) VALUES ($1)', [workspaceId]);

    @Module({
      imports: [
        ClsModule.forRoot({ global: true }),
        ConfigModule.forRoot(loadConfig({}, [IdentityConfig])),
        DatabaseModule.forRoot({ url: database.url, entities: [ApiKey, Workspace] }),
      ],
      providers: [ApiKeysService],
    })
    class ApiKeysTestModule {}

    app = await NestFactory.createApplicationContext(ApiKeysTestModule, { logger: false });
    apiKeys = app.get(ApiKeysService);
    tenants = app.get(TenantTransactions);
    keyId = (
      await tenants.runInTenantTransaction(workspaceId, () =>
        apiKeys.create(workspaceId, { name: 'deploy bot', scopes: ['projects:read'] }),
      )
    ).id;
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  async function storedKey(): Promise<{ workspace_id: string; revoked_at: Date | null }> {
    const [row] = await database.dataSource.query('SELECT workspace_id, revoked_at FROM api_keys WHERE id = $1', [
      keyId,
    ]);
    return row;
  }

  it('should stamp the workspace of its tenant transaction on a new key', async () => {
    expect((await storedKey()).workspace_id).toBe(workspaceId);
  });

  it('should list the keys of its workspace inside that workspace’s transaction', async () => {
    const keys = await tenants.runInTenantTransaction(workspaceId, () => apiKeys.list(workspaceId, 10));
    expect(keys.map((key) => key.id)).toEqual([keyId]);
  });

  it('should throw, not answer with rows, when called outside any transaction', async () => {
    // The test database logs in as a superuser: a fallback to the pool would have bypassed row-level security.
    // list builds its query synchronously, so it throws before it returns a promise: the same refusal for the caller.
    await expect(Promise.resolve().then(() => apiKeys.list(workspaceId, 10))).rejects.toThrow(OutsideTransactionError);
    await expect(apiKeys.revoke(workspaceId, keyId)).rejects.toThrow(OutsideTenantTransactionError);
    expect((await storedKey()).revoked_at).toBeNull();
  });

  it('should refuse to revoke a key of one workspace inside the transaction of another', async () => {
    const otherWorkspace = newId();
    await database.dataSource.query('INSERT INTO workspaces (id) VALUES ($1)', [otherWorkspace]);
    await expect(
      tenants.runInTenantTransaction(otherWorkspace, () => apiKeys.revoke(workspaceId, keyId)),
    ).rejects.toThrow(OutsideTenantTransactionError);
    expect((await storedKey()).revoked_at).toBeNull();
  });
});
