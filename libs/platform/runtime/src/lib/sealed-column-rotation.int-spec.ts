import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import { SealedColumn, SealedColumnRow, SecretBox, SecretBoxError } from '@keel/platform-crypto';
import { platformDatabaseMigrations, SqlMigration, tenantIsolationSql } from '@keel/platform-database';
import { createApplicationLogin, createTestDatabase, TestDatabase } from '@keel/platform-testing';
import { rotateSealedValues } from './database-commands';
import type { KeelApplication } from './keel-application';

/** A tenant table like the real ones (forced row-level security), plus the owner policy rotation needs. */
class CreateSealedProbe1763800000002 extends SqlMigration {
  readonly name = 'CreateSealedProbe1763800000002';
  protected readonly upSql = `
    CREATE TABLE sealed_probe (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      secret_sealed text,
      PRIMARY KEY (workspace_id, id)
    );
    ${tenantIsolationSql('sealed_probe')}
    CREATE POLICY sealed_probe_rotation ON sealed_probe FOR ALL TO keel_owner USING (true);
  `;
  protected readonly downSql = 'DROP TABLE sealed_probe';
}

const probeColumn: SealedColumn = {
  table: 'sealed_probe',
  idColumns: ['workspace_id', 'id'],
  column: 'secret_sealed',
  associatedData: (row) => `probe:${row['workspace_id']}:${row['id']}`,
};

function application(sealedColumns: SealedColumn[]): KeelApplication {
  return {
    name: 'sealed-probe',
    version: '0.0.0',
    rootModule: () => ({ module: class {} }),
    entities: [],
    migrations: [],
    sealedColumns,
  };
}

/** The associated data the probe's value of `row` is sealed with. */
function associatedDataOf(row: Pick<ProbeRow, 'workspace_id' | 'id'>): string {
  return `probe:${row.workspace_id}:${row.id}`;
}

interface ProbeRow {
  workspace_id: string;
  id: string;
  secret_sealed: string | null;
}

describe('crypto:rotate on a sealed column', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const underOldKey = new SecretBox(oldKey);
  const rotating = new SecretBox(newKey, [oldKey]);
  const newKeyAlone = new SecretBox(newKey);
  const workspaces = [randomUUID(), randomUUID()];
  let database: TestDatabase;
  /** A login like production's: no superuser, no BYPASSRLS, member of keel_owner and keel_app. */
  let loginUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase({
      migrations: [...platformDatabaseMigrations, CreateSealedProbe1763800000002],
    });
    loginUrl = (await createApplicationLogin(database)).url;
  });

  afterAll(async () => {
    await database?.drop();
  });

  beforeEach(async () => {
    await database.dataSource.query('DELETE FROM sealed_probe');
  });

  /** Inserts a row (as the superuser: it sees every workspace) whose value `seal` makes for the row's own associated data. */
  async function insert(workspaceId: string, seal: ((associatedData: string) => string) | null): Promise<ProbeRow> {
    const id = randomUUID();
    const sealed = seal ? seal(associatedDataOf({ workspace_id: workspaceId, id })) : null;
    await database.dataSource.query('INSERT INTO sealed_probe (workspace_id, id, secret_sealed) VALUES ($1, $2, $3)', [
      workspaceId,
      id,
      sealed,
    ]);
    return { workspace_id: workspaceId, id, secret_sealed: sealed };
  }

  async function stored(row: Pick<ProbeRow, 'workspace_id' | 'id'>): Promise<string | null> {
    const [found]: ProbeRow[] = await database.dataSource.query(
      'SELECT secret_sealed FROM sealed_probe WHERE workspace_id = $1 AND id = $2',
      [row.workspace_id, row.id],
    );
    return found.secret_sealed;
  }

  function opened(box: SecretBox, row: Pick<ProbeRow, 'workspace_id' | 'id'>, sealed: string | null): string {
    if (sealed === null) throw new Error('No value stored.');
    return box.openText(sealed, associatedDataOf(row));
  }

  it('should re-seal every value under the old key, in every workspace, so the new key alone opens them', async () => {
    const old = await Promise.all(
      Array.from({ length: 7 }, (_value, index) =>
        insert(workspaces[index % 2], (aad) => underOldKey.seal(`old secret ${index}`, aad)),
      ),
    );
    const current = await insert(workspaces[0], (aad) => rotating.seal('already current', aad));
    const empty = await insert(workspaces[1], null);
    const currentBefore = await stored(current);

    const [rotation] = await rotateSealedValues(application([probeColumn]), loginUrl, rotating, { batchSize: 3 });

    expect(rotation).toEqual({
      table: 'sealed_probe',
      column: 'secret_sealed',
      reencrypted: 7,
      unreadable: 0,
      remaining: 0,
    });
    for (const [index, row] of old.entries()) {
      const sealed = await stored(row);
      expect(sealed?.startsWith(`v2.${newKeyAlone.keyId}.`)).toBe(true);
      expect(opened(newKeyAlone, row, sealed)).toBe(`old secret ${index}`);
      // Still bound to its own row.
      expect(() => newKeyAlone.openText(sealed ?? '', associatedDataOf(old[(index + 1) % 7]))).toThrow(SecretBoxError);
    }
    expect(await stored(current)).toBe(currentBefore);
    expect(await stored(empty)).toBeNull();
  });

  it('should re-seal legacy v1 values too', async () => {
    const legacy = await insert(workspaces[0], (aad) => legacySeal(oldKey, 'from before key ids', aad));

    const [rotation] = await rotateSealedValues(application([probeColumn]), loginUrl, rotating);

    expect(rotation).toMatchObject({ reencrypted: 1, remaining: 0 });
    expect(opened(newKeyAlone, legacy, await stored(legacy))).toBe('from before key ids');
  });

  it('should change nothing when run again', async () => {
    const row = await insert(workspaces[1], (aad) => underOldKey.seal('rotated once', aad));
    await rotateSealedValues(application([probeColumn]), loginUrl, rotating);
    const afterFirst = await stored(row);

    const [again] = await rotateSealedValues(application([probeColumn]), loginUrl, rotating);

    expect(again).toMatchObject({ reencrypted: 0, unreadable: 0, remaining: 0 });
    expect(await stored(row)).toBe(afterFirst);
  });

  it('should leave and report a value it cannot open, re-sealing the others', async () => {
    const stranger = new SecretBox(randomBytes(32));
    const unknownKey = await insert(workspaces[0], (aad) => stranger.seal('sealed under a key nobody kept', aad));
    const moved = await insert(workspaces[1], () => underOldKey.seal('copied from another row', 'probe:other:row'));
    const fine = await insert(workspaces[0], (aad) => underOldKey.seal('fine', aad));
    const reported: Array<{ ids: SealedColumnRow; reason: string }> = [];

    const [rotation] = await rotateSealedValues(application([probeColumn]), loginUrl, rotating, {
      batchSize: 1,
      onUnreadable: (_column, ids, error) => reported.push({ ids, reason: error.reason }),
    });

    expect(rotation).toMatchObject({ reencrypted: 1, unreadable: 2, remaining: 2 });
    expect(opened(newKeyAlone, fine, await stored(fine))).toBe('fine');
    expect(await stored(unknownKey)).toBe(unknownKey.secret_sealed);
    expect(await stored(moved)).toBe(moved.secret_sealed);
    expect(reported).toEqual(
      expect.arrayContaining([
        { ids: { workspace_id: unknownKey.workspace_id, id: unknownKey.id }, reason: 'UNKNOWN_KEY' },
        { ids: { workspace_id: moved.workspace_id, id: moved.id }, reason: 'AUTHENTICATION_FAILED' },
      ]),
    );
    expect(reported).toHaveLength(2);
  });

  /** Resolves once a session of this database (the rotation's) waits for a row lock: the one the test holds. */
  async function rotationWaitingForLock(): Promise<void> {
    for (let round = 0; round < 600; round++) {
      const [{ waiting }] = await database.dataSource.query(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (waiting > 0) return;
      await new Promise((wait) => setTimeout(wait, 50));
    }
    throw new Error('the rotation never waited for the row the test holds');
  }

  it('should not overwrite a value the application changes while the rotation waits for its row', async () => {
    const busy = await insert(workspaces[0], (aad) => underOldKey.seal('before', aad));
    const others = await Promise.all(
      [0, 1, 2].map((index) => insert(workspaces[1], (aad) => underOldKey.seal(`other ${index}`, aad))),
    );
    const app = database.dataSource.createQueryRunner();
    await app.startTransaction();
    try {
      await app.query('SELECT 1 FROM sealed_probe WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [
        busy.workspace_id,
        busy.id,
      ]);
      const rotation = rotateSealedValues(application([probeColumn]), loginUrl, rotating, { batchSize: 2 });
      await rotationWaitingForLock();
      // A process not yet restarted still seals under the old key: the rotation must pick up this value, not the one it first saw.
      await app.query('UPDATE sealed_probe SET secret_sealed = $3 WHERE workspace_id = $1 AND id = $2', [
        busy.workspace_id,
        busy.id,
        underOldKey.seal('changed by the application', associatedDataOf(busy)),
      ]);
      await app.commitTransaction();

      expect((await rotation)[0]).toMatchObject({ reencrypted: 4, remaining: 0 });
    } finally {
      if (app.isTransactionActive) await app.rollbackTransaction();
      await app.release();
    }
    expect(opened(newKeyAlone, busy, await stored(busy))).toBe('changed by the application');
    for (const [index, row] of others.entries())
      expect(opened(newKeyAlone, row, await stored(row))).toBe(`other ${index}`);
  });

  it('should change nothing and say to migrate when a sealed column is not in the database', async () => {
    const row = await insert(workspaces[0], (aad) => underOldKey.seal('untouched', aad));
    const missing: SealedColumn = { ...probeColumn, table: 'webhook_endpoints_not_yet_migrated' };

    await expect(rotateSealedValues(application([probeColumn, missing]), loginUrl, rotating)).rejects.toThrow(
      /webhook_endpoints_not_yet_migrated.*run db:migrate first/,
    );
    expect(await stored(row)).toBe(row.secret_sealed);
  });
});

/** `v1.<nonce>.<ciphertext>.<tag>` straight under the master key, as releases before key ids stored values. */
function legacySeal(key: Buffer, plaintext: string, associatedData: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', ...[nonce, ciphertext, cipher.getAuthTag()].map((part) => part.toString('base64url'))].join('.');
}
