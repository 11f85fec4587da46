import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { ClsModule } from 'nestjs-cls';
import { createTestDatabase, TestDatabase } from '@keel/platform-testing';
import { DatabaseModule } from './database.module';
import { GlobalTables } from './global-tables';
import { newId } from './new-id';
import { OutsideTransactionError, SafeTypeOrmTransactionalAdapter } from './safe-typeorm-transactional.adapter';
import { TenantTransactions } from './tenant-transactions.service';
import { tenantIsolationSql } from './tenant-table-sql';
import { platformDatabaseMigrations } from '../migrations';

/** A repository-like service: it never receives a manager, it uses whatever transaction it is called in. */
@Injectable()
class NotesStore {
  constructor(private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>) {}

  async add(workspaceId: string, text: string): Promise<{ role: string; workspace: string }> {
    await this.txHost.tx.query('INSERT INTO tx_probe_note (workspace_id, id, text) VALUES ($1, $2, $3)', [
      workspaceId,
      newId(),
      text,
    ]);
    const [scope] = await this.txHost.tx.query(
      `SELECT current_user AS role, current_setting('app.workspace_id', true) AS workspace`,
    );
    return scope;
  }

  async list(workspaceId: string): Promise<string[]> {
    const rows: { text: string }[] = await this.txHost.tx.query(
      'SELECT text FROM tx_probe_note WHERE workspace_id = $1 ORDER BY text',
      [workspaceId],
    );
    return rows.map((row) => row.text);
  }

  @Transactional()
  async addTwice(workspaceId: string, text: string): Promise<void> {
    await this.add(workspaceId, `${text} (1)`);
    await this.add(workspaceId, `${text} (2)`);
  }
}

@Injectable()
class NotesService {
  constructor(
    private readonly tenants: TenantTransactions,
    private readonly store: NotesStore,
  ) {}

  addAndFail(workspaceId: string): Promise<never> {
    return this.tenants.runInTenantTransaction(workspaceId, async () => {
      await this.store.addTwice(workspaceId, 'doomed');
      throw new Error('the rule said no');
    });
  }

  addNote(workspaceId: string, text: string) {
    return this.tenants.runInTenantTransaction(workspaceId, () => this.store.add(workspaceId, text));
  }

  listNotes(workspaceId: string) {
    return this.tenants.runInTenantTransaction(workspaceId, () => this.store.list(workspaceId));
  }

  nested(outer: string, inner: string) {
    return this.tenants.runInTenantTransaction(outer, () =>
      this.tenants.runInTenantTransaction(inner, async () => 'joined'),
    );
  }
}

describe('TenantTransactions in a Nest application', () => {
  let database: TestDatabase;
  let notes: NotesService;
  let store: NotesStore;
  let globalTables: GlobalTables;
  let closeApp: () => Promise<void>;
  const workspace = newId();

  beforeAll(async () => {
    database = await createTestDatabase({ migrations: platformDatabaseMigrations });
    await database.dataSource.query(`
      SET ROLE keel_owner;
      CREATE TABLE tx_probe_note (workspace_id uuid NOT NULL, id uuid NOT NULL, text text NOT NULL,
                                  PRIMARY KEY (workspace_id, id));
      ${tenantIsolationSql('tx_probe_note')}
      RESET ROLE;`);

    @Module({ providers: [NotesStore, NotesService] })
    class NotesModule {}

    @Module({
      imports: [ClsModule.forRoot({ global: true }), DatabaseModule.forRoot({ url: database.url }), NotesModule],
    })
    class ProbeAppModule {}

    const app = await NestFactory.createApplicationContext(ProbeAppModule, { logger: false });
    notes = app.get(NotesService);
    store = app.get(NotesStore);
    globalTables = app.get(GlobalTables);
    closeApp = () => app.close();
  });

  afterAll(async () => {
    await closeApp?.();
    await database?.drop();
  });

  async function storedTexts(): Promise<string[]> {
    const rows: { text: string }[] = await database.dataSource.query('SELECT text FROM tx_probe_note ORDER BY text');
    return rows.map((row) => row.text);
  }

  it('should run services called inside it as the application role, scoped to the workspace', async () => {
    const scope = await notes.addNote(workspace, 'hello');
    expect(scope).toEqual({ role: 'keel_app', workspace });
    expect(await storedTexts()).toContain('hello');
  });

  it('should roll back everything done by the services it called when the work fails', async () => {
    await expect(notes.addAndFail(workspace)).rejects.toThrow('the rule said no');
    expect((await storedTexts()).filter((text) => text.startsWith('doomed'))).toEqual([]);
  });

  it('should refuse to open a transaction for a second workspace inside the first', async () => {
    await expect(notes.nested(workspace, newId())).rejects.toThrow(/another workspace/);
    await expect(notes.nested(workspace, workspace)).resolves.toBe('joined');
  });

  it('should refuse a tenant service called outside any transaction instead of answering from the pool', async () => {
    await notes.addNote(workspace, 'seen only in its transaction');
    // The pool logs in as a superuser here: without the fail-closed door this read would bypass row-level security.
    await expect(store.list(workspace)).rejects.toThrow(OutsideTransactionError);
    await expect(store.list(workspace)).rejects.toThrow(/No transaction is open/);
    expect(await notes.listNotes(workspace)).toContain('seen only in its transaction');
  });

  it('should reach global tables outside a transaction only through GlobalTables, as the login role', async () => {
    const [outside] = await globalTables.manager.query(
      `SELECT current_user AS role, current_setting('app.workspace_id', true) AS workspace`,
    );
    expect(outside.role).not.toBe('keel_app');
    expect(outside.workspace ?? '').toBe('');
    const inside = await globalTables.runUnscoped(async () => {
      const [row] = await globalTables.manager.query('SELECT now() AS at');
      const [again] = await globalTables.manager.query('SELECT now() AS at');
      return { first: row.at, second: again.at };
    });
    // One transaction: now() is the transaction's start, so both statements see the same instant.
    expect(inside.second).toEqual(inside.first);
  });
});
