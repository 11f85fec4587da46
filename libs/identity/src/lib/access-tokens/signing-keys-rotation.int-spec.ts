import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SecretBox } from '@keel/platform-crypto';
import { dataSourceOptions, platformDatabaseMigrations } from '@keel/platform-database';
import { reencryptSealedColumns } from '@keel/platform-runtime';
import { createTestDatabase, TestDatabase } from '@keel/platform-testing';
import { SigningKeys1764000000300 } from '../../migrations/1764000000300-signing-keys';
import { signingKeySealedColumn } from './signing-key-sealing';
import { AccessTokens } from './access-tokens.service';
import { SigningKey } from './signing-key.entity';
import { SigningKeys } from './signing-keys.service';
import { IdentityConfig } from '../identity-config';

const config = Object.assign(new IdentityConfig(), {
  PUBLIC_URL: 'https://keel.example.com',
  ACCESS_TOKEN_AUDIENCE: 'keel-api',
  ACCESS_TOKEN_TTL_SECONDS: 900,
  SIGNING_KEY_ROTATION_DAYS: 30,
});

interface KeelProcess {
  signingKeys: SigningKeys;
  accessTokens: AccessTokens;
  stop(): Promise<void>;
}

describe('signing keys across a master key rotation', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const subject = { userId: randomUUID(), sessionId: randomUUID() };
  let database: TestDatabase;
  const processes: KeelProcess[] = [];

  /** A Keel process's signing keys and access tokens, under the master keys it was started with. */
  async function startProcess(secretBox: SecretBox): Promise<KeelProcess> {
    const dataSource = new DataSource(dataSourceOptions({ url: database.url, entities: [SigningKey] }));
    await dataSource.initialize();
    const signingKeys = new SigningKeys(dataSource, secretBox, config);
    const started = {
      signingKeys,
      accessTokens: new AccessTokens(signingKeys, config),
      stop: () => dataSource.destroy(),
    };
    processes.push(started);
    await signingKeys.onApplicationBootstrap();
    return started;
  }

  beforeAll(async () => {
    database = await createTestDatabase({
      migrations: [...platformDatabaseMigrations, SigningKeys1764000000300],
      entities: [SigningKey],
    });
  });

  afterAll(async () => {
    await Promise.all(processes.map((process) => process.stop()));
    await database?.drop();
  });

  it('should keep signing and verifying once crypto:rotate has re-sealed the private keys and the old master key is gone', async () => {
    const before = await startProcess(new SecretBox(oldKey));
    await before.signingKeys.rotate();
    const issuedBefore = await before.accessTokens.issue(subject);

    // The new key alone cannot open what the old one sealed: the previous key must stay until the rotation is done.
    await expect(startProcess(new SecretBox(newKey))).rejects.toThrow(/cannot be opened with the master keys/);
    const rotating = new SecretBox(newKey, [oldKey]);
    await startProcess(rotating);

    const [rotation] = await reencryptSealedColumns(database.dataSource, rotating, [signingKeySealedColumn]);
    expect(rotation).toEqual({
      table: 'signing_keys',
      column: 'private_key_sealed',
      reencrypted: 2,
      unreadable: 0,
      remaining: 0,
    });

    const after = await startProcess(new SecretBox(newKey));
    await expect(after.accessTokens.verify(issuedBefore.accessToken)).resolves.toMatchObject(subject);
    const issuedAfter = await after.accessTokens.issue(subject);
    await expect(before.accessTokens.verify(issuedAfter.accessToken)).resolves.toMatchObject(subject);
    // The retired key's private half was re-sealed as well, under its own kid.
    const rows: Array<{ id: string; private_key_sealed: string }> = await database.dataSource.query(
      'SELECT id, private_key_sealed FROM signing_keys',
    );
    for (const row of rows) {
      expect(
        JSON.parse(new SecretBox(newKey).openText(row.private_key_sealed, `signing-key:${row.id}`)),
      ).toHaveProperty('d');
    }
  });
});
