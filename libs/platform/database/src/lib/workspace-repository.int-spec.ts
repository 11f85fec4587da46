import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClsModule } from 'nestjs-cls';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@keel/platform-testing';
import { DatabaseModule } from './database.module';
import { newId } from './new-id';
import { TenantTransactions } from './tenant-transactions.service';
import { tenantIsolationSql } from './tenant-table-sql';
import { runInTenantTransaction } from './transaction-doors';
import { WorkspaceRepositories } from './workspace-repositories';
import {
  NewWorkspaceRow,
  OutsideTenantTransactionError,
  WorkspaceRepository,
  WorkspaceRowChanges,
  WorkspaceWhere,
} from './workspace-repository';
import { platformDatabaseMigrations } from '../migrations';

@Entity({ name: 'repo_probe_label' })
class ProbeLabel {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  text: string;
}

describe('a workspace repository on a row-level-security table', () => {
  let database: TestDatabase;
  let tenants: TenantTransactions;
  let labels: WorkspaceRepository<ProbeLabel>;
  let closeApp: () => Promise<void>;
  const workspaceA = newId();
  const workspaceB = newId();

  beforeAll(async () => {
    database = await createTestDatabase({ migrations: platformDatabaseMigrations });
    await database.dataSource.query(`
      SET ROLE keel_owner;
      CREATE TABLE repo_probe_label (workspace_id uuid NOT NULL, id uuid NOT NULL, text text NOT NULL,
                                     PRIMARY KEY (workspace_id, id));
      ${tenantIsolationSql('repo_probe_label')}
      RESET ROLE;`);

    @Module({
      imports: [
        ClsModule.forRoot({ global: true }),
        DatabaseModule.forRoot({ url: database.url, entities: [ProbeLabel] }),
      ],
    })
    class ProbeAppModule {}

    const app = await NestFactory.createApplicationContext(ProbeAppModule, { logger: false });
    tenants = app.get(TenantTransactions);
    labels = app.get(WorkspaceRepositories).of(ProbeLabel);
    closeApp = () => app.close();
  });

  afterAll(async () => {
    await closeApp?.();
    await database?.drop();
  });

  /** Every row of the table, read past row-level security by the test's superuser pool. */
  async function storedRows(): Promise<{ workspace_id: string; text: string }[]> {
    return database.dataSource.query('SELECT workspace_id, text FROM repo_probe_label ORDER BY text');
  }

  function inWorkspace<T>(workspaceId: string, fn: () => Promise<T>): Promise<T> {
    return tenants.runInTenantTransaction(workspaceId, fn);
  }

  it('should stamp the workspace on the rows it inserts and hand them back stamped', async () => {
    const inserted = await inWorkspace(workspaceA, () =>
      labels.insert(workspaceA, [
        { id: newId(), text: 'a-first' },
        { id: newId(), text: 'a-second' },
      ]),
    );
    await inWorkspace(workspaceB, () => labels.insert(workspaceB, { id: newId(), text: 'b-only' }));

    expect(inserted.map((row) => row.workspaceId)).toEqual([workspaceA, workspaceA]);
    expect(await storedRows()).toEqual([
      { workspace_id: workspaceA, text: 'a-first' },
      { workspace_id: workspaceA, text: 'a-second' },
      { workspace_id: workspaceB, text: 'b-only' },
    ]);
  });

  it('should find only the rows of the workspace it is given', async () => {
    const found = await inWorkspace(workspaceA, async () => ({
      all: await labels.findBy(workspaceA, {}, { order: { text: 'ASC' } }),
      other: await labels.findOneBy(workspaceA, { text: 'b-only' }),
      exists: await labels.existsBy(workspaceA, { text: 'a-first' }),
    }));
    expect(found.all.map((row) => row.text)).toEqual(['a-first', 'a-second']);
    expect(found.other).toBeNull();
    expect(found.exists).toBe(true);
  });

  it('should update and delete only rows of its workspace, and say how many', async () => {
    const changed = await inWorkspace(workspaceB, () =>
      labels.update(workspaceB, { text: 'a-first' }, { text: 'taken' }),
    );
    expect(changed).toBe(0);
    const renamed = await inWorkspace(workspaceA, () =>
      labels.update(workspaceA, { text: 'a-second' }, { text: 'a-renamed' }),
    );
    expect(renamed).toBe(1);
    const deleted = await inWorkspace(workspaceB, () => labels.delete(workspaceB, { text: 'a-first' }));
    expect(deleted).toBe(0);
    expect((await storedRows()).map((row) => row.text)).toEqual(['a-first', 'a-renamed', 'b-only']);
  });

  it('should refuse a where, a new row or a change that names the workspace itself', async () => {
    // The types leave workspaceId out; these casts stand for a caller who spreads a DTO or a row into them.
    const namingWorkspace = { workspaceId: workspaceB } as unknown as WorkspaceWhere<ProbeLabel>;
    const smuggledRow = { workspaceId: workspaceB, id: newId(), text: 'smuggled' } as NewWorkspaceRow<ProbeLabel>;
    const movingChange = { workspaceId: workspaceB } as unknown as WorkspaceRowChanges<ProbeLabel>;
    await inWorkspace(workspaceA, async () => {
      await expect(labels.findBy(workspaceA, namingWorkspace)).rejects.toThrow(/names workspaceId/);
      await expect(labels.insert(workspaceA, smuggledRow)).rejects.toThrow(/names workspaceId/);
      await expect(labels.update(workspaceA, { text: 'a-first' }, movingChange)).rejects.toThrow(/names workspaceId/);
      await expect(labels.delete(workspaceA, {})).rejects.toThrow(/name the rows/);
    });
    expect((await storedRows()).map((row) => row.workspace_id)).toEqual([workspaceA, workspaceA, workspaceB]);
  });

  it('should fail outside a tenant transaction, and in the transaction of another workspace, instead of reading rows', async () => {
    await expect(labels.findBy(workspaceA, {})).rejects.toThrow(OutsideTenantTransactionError);
    await expect(labels.findBy(workspaceA, {})).rejects.toThrow(/only inside that workspace's tenant transaction/);
    await expect(inWorkspace(workspaceB, () => labels.findBy(workspaceA, {}))).rejects.toThrow(
      /inside the tenant transaction of workspace/,
    );
    // A transaction of the right workspace opened without TenantTransactions is not one the repository trusts.
    await expect(
      runInTenantTransaction(database.dataSource, workspaceA, () => labels.findBy(workspaceA, {})),
    ).rejects.toThrow(OutsideTenantTransactionError);
  });
});
