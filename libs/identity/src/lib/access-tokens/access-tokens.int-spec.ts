import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  base64url,
  CryptoKey,
  decodeJwt,
  decodeProtectedHeader,
  generateKeyPair,
  importJWK,
  JWTHeaderParameters,
  JWTPayload,
  SignJWT,
  UnsecuredJWT,
} from 'jose';
import { DataSource } from 'typeorm';
import { ConfigModule, ConfigSet } from '@keel/platform-config';
import { CryptoModule, SecretBox, SecretBoxError } from '@keel/platform-crypto';
import { dataSourceOptions, pendingSchemaChanges, platformDatabaseMigrations } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { createTestDatabase, TestDatabase } from '@keel/platform-testing';
import { SigningKeys1764000000300 } from '../../migrations/1764000000300-signing-keys';
import { PUBLIC_ROUTE } from '@keel/platform-context';
import { AccessTokens } from './access-tokens.service';
import { JwksController } from './jwks.controller';
import { PublishedKeys } from './published-keys';
import { SigningKey } from './signing-key.entity';
import { SigningKeys } from './signing-keys.service';
import { IdentityConfig } from '../identity-config';

const MIGRATIONS = [...platformDatabaseMigrations, SigningKeys1764000000300];
const masterKey = SecretBox.fromBase64(SecretBox.generateKey());
const config = Object.assign(new IdentityConfig(), {
  PUBLIC_URL: 'https://keel.example.com',
  ACCESS_TOKEN_AUDIENCE: 'keel-api',
  ACCESS_TOKEN_TTL_SECONDS: 900,
  SIGNING_KEY_ROTATION_DAYS: 30,
});

interface SigningKeyRow {
  id: string;
  public_jwk: Record<string, unknown>;
  private_key_sealed: string;
  retired_at: Date | null;
}

function nowInSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** The rejection `verify` ends in; fails the test when the token is accepted. */
async function rejectionOf(verification: Promise<unknown>): Promise<DomainError> {
  try {
    await verification;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('The token was accepted.');
}

/** A SigningKeys of its own, as another Keel process would have, on its own connection pool. */
async function anotherProcess(url: string): Promise<{ signingKeys: SigningKeys; stop(): Promise<void> }> {
  const dataSource = new DataSource(dataSourceOptions({ url, entities: [SigningKey] }));
  await dataSource.initialize();
  return { signingKeys: new SigningKeys(dataSource, masterKey, config), stop: () => dataSource.destroy() };
}

describe('access tokens', () => {
  let database: TestDatabase;
  let app: NestFastifyApplication;
  let accessTokens: AccessTokens;
  let signingKeys: SigningKeys;
  const subject = { userId: randomUUID(), sessionId: randomUUID() };

  beforeAll(async () => {
    database = await createTestDatabase({ migrations: MIGRATIONS, entities: [SigningKey] });

    @Module({
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions({ url: database.url, entities: [SigningKey] })),
        ConfigModule.forRoot(ConfigSet.of(config)),
        CryptoModule.forRoot({ masterKey }),
      ],
      controllers: [JwksController],
      providers: [SigningKeys, PublishedKeys, AccessTokens],
    })
    class AccessTokensTestModule {}

    app = await NestFactory.create<NestFastifyApplication>(AccessTokensTestModule, new FastifyAdapter(), {
      logger: false,
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    accessTokens = app.get(AccessTokens);
    signingKeys = app.get(SigningKeys);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  async function signingKeyRows(): Promise<SigningKeyRow[]> {
    return database.dataSource.query(
      'SELECT id, public_jwk, private_key_sealed, retired_at FROM signing_keys ORDER BY created_at, id',
    );
  }

  /** The current private key, opened the way only a holder of the master key can. */
  async function currentPrivateKey(): Promise<{ kid: string; privateKey: CryptoKey }> {
    const [row]: SigningKeyRow[] = await database.dataSource.query(
      'SELECT id, private_key_sealed FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1',
    );
    const key = await importJWK(
      JSON.parse(masterKey.openText(row.private_key_sealed, `signing-key:${row.id}`)),
      'EdDSA',
    );
    if (key instanceof Uint8Array) throw new Error('Expected an Ed25519 key.');
    return { kid: row.id, privateKey: key };
  }

  function validClaims(): JWTPayload {
    const now = nowInSeconds();
    return {
      iss: config.PUBLIC_URL,
      aud: config.ACCESS_TOKEN_AUDIENCE,
      sub: subject.userId,
      sid: subject.sessionId,
      iat: now,
      exp: now + config.ACCESS_TOKEN_TTL_SECONDS,
      jti: randomUUID(),
    };
  }

  /** A token signed with Keel's real current key, with whatever claims and header the case needs. */
  async function signedWithCurrentKey(claims: JWTPayload, header: Partial<JWTHeaderParameters> = {}): Promise<string> {
    const { kid, privateKey } = await currentPrivateKey();
    return new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT', ...header }).sign(privateKey);
  }

  it('should create the table exactly as the entity describes it', async () => {
    expect(await pendingSchemaChanges(database.dataSource)).toEqual([]);
  });

  describe('issuing and verifying', () => {
    it('should verify a token it issued and return its user and session', async () => {
      const issued = await accessTokens.issue(subject);

      expect(issued.expiresIn).toBe(900);
      await expect(accessTokens.verify(issued.accessToken)).resolves.toMatchObject(subject);
    });

    it('should sign with the current key and state issuer, audience, subject, session and a lifetime of the TTL', async () => {
      const { accessToken } = await accessTokens.issue(subject);
      const [current] = (await signingKeyRows()).filter((row) => row.retired_at === null);

      expect(decodeProtectedHeader(accessToken)).toEqual({ alg: 'EdDSA', kid: current.id, typ: 'JWT' });
      const claims = decodeJwt(accessToken);
      expect(claims).toMatchObject({
        iss: 'https://keel.example.com',
        aud: 'keel-api',
        sub: subject.userId,
        sid: subject.sessionId,
      });
      expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(900);
      expect(claims.jti).toEqual(expect.any(String));
    });

    it('should give every token its own id', async () => {
      const first = decodeJwt((await accessTokens.issue(subject)).accessToken);
      const second = decodeJwt((await accessTokens.issue(subject)).accessToken);

      expect(first.jti).not.toEqual(second.jti);
    });

    it('should accept a token the test signs with the current key (the baseline every refused case alters)', async () => {
      await expect(accessTokens.verify(await signedWithCurrentKey(validClaims()))).resolves.toMatchObject(subject);
    });
  });

  describe('refusing tokens with INVALID_TOKEN', () => {
    const cases: Array<[string, () => Promise<string>, RegExp]> = [
      [
        'an unsigned token (alg none)',
        async () => new UnsecuredJWT(validClaims()).encode(),
        /not signed with an accepted algorithm/,
      ],
      [
        'a token signed by a key Keel does not know',
        async () => {
          const stranger = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
          const { kid } = await currentPrivateKey();
          const strangerKid = kid.replace(/^./, (first) => (first === 'A' ? 'B' : 'A'));
          return new SignJWT(validClaims())
            .setProtectedHeader({ alg: 'EdDSA', kid: strangerKid, typ: 'JWT' })
            .sign(stranger.privateKey);
        },
        /key Keel does not know/,
      ],
      [
        'an HS256 token keyed with the public key bytes',
        async () => {
          const [current] = (await signingKeyRows()).filter((row) => row.retired_at === null);
          const publicKeyBytes = base64url.decode(String(current.public_jwk.x));
          return new SignJWT(validClaims())
            .setProtectedHeader({ alg: 'HS256', kid: current.id, typ: 'JWT' })
            .sign(publicKeyBytes);
        },
        /not signed with an accepted algorithm/,
      ],
      [
        'an expired token',
        () => signedWithCurrentKey({ ...validClaims(), iat: nowInSeconds() - 2_000, exp: nowInSeconds() - 1_000 }),
        /expired/,
      ],
      [
        'a token from another issuer',
        () => signedWithCurrentKey({ ...validClaims(), iss: 'https://evil.example.com' }),
        /"iss"/,
      ],
      ['a token for another audience', () => signedWithCurrentKey({ ...validClaims(), aud: 'another-api' }), /"aud"/],
      [
        'a token whose payload was changed after signing',
        async () => {
          const [header, , signature] = (await accessTokens.issue(subject)).accessToken.split('.');
          const altered = { ...validClaims(), sub: randomUUID() };
          return [header, base64url.encode(JSON.stringify(altered)), signature].join('.');
        },
        /signature does not verify/,
      ],
      ['a token without a session', () => signedWithCurrentKey({ ...validClaims(), sid: undefined }), /"sid"/],
      [
        'a token whose subject is not a string',
        () => signedWithCurrentKey({ ...validClaims(), sub: 42 } as unknown as JWTPayload),
        /does not name a user and a session/,
      ],
      [
        'a token that claims a lifetime longer than Keel issues',
        () => signedWithCurrentKey({ ...validClaims(), iat: nowInSeconds() - 3_600, exp: nowInSeconds() + 3_600 }),
        /expired/,
      ],
      ['something that is not a JWT', async () => 'not-a-token', /malformed/],
      ['three dots of garbage', async () => 'a.b.c', /malformed/],
      ['an empty string', async () => '', /missing or malformed/],
    ];

    it.each(cases)('should refuse %s', async (_name, makeToken, reason) => {
      const rejection = await rejectionOf(accessTokens.verify(await makeToken()));

      expect(rejection.code).toBe('INVALID_TOKEN');
      expect(rejection.status).toBe(401);
      expect(rejection.detail).toMatch(reason);
    });
  });

  describe('the private key at rest', () => {
    it('should store the private key only sealed, opening with the master key and its own kid alone', async () => {
      await accessTokens.issue(subject);
      const [row] = (await signingKeyRows()).filter((candidate) => candidate.retired_at === null);
      const privateJwk = JSON.parse(masterKey.openText(row.private_key_sealed, `signing-key:${row.id}`));

      expect(privateJwk.d).toEqual(expect.any(String));
      expect(row.private_key_sealed).not.toContain(privateJwk.d);
      expect(row.private_key_sealed).not.toContain('"d"');
      expect(row.public_jwk).not.toHaveProperty('d');
      const otherKey = SecretBox.fromBase64(SecretBox.generateKey());
      expect(() => otherKey.openText(row.private_key_sealed, `signing-key:${row.id}`)).toThrow(SecretBoxError);
      expect(() => masterKey.openText(row.private_key_sealed, 'signing-key:another-kid')).toThrow(SecretBoxError);
    });
  });

  describe('rotation', () => {
    it('should keep verifying tokens of the replaced key, list both keys and sign new tokens with the new key', async () => {
      const before = await accessTokens.issue(subject);
      const oldKid = decodeProtectedHeader(before.accessToken).kid;

      const newKid = await signingKeys.rotate();
      const after = await accessTokens.issue(subject);

      expect(newKid).not.toEqual(oldKid);
      expect(decodeProtectedHeader(after.accessToken).kid).toBe(newKid);
      await expect(accessTokens.verify(before.accessToken)).resolves.toMatchObject(subject);
      await expect(accessTokens.verify(after.accessToken)).resolves.toMatchObject(subject);
      const listed = (await signingKeys.jwks()).keys.map((key) => key.kid);
      expect(listed[0]).toBe(newKid);
      expect(listed).toContain(oldKid);
      const rows = await signingKeyRows();
      expect(rows.filter((row) => row.retired_at === null).map((row) => row.id)).toEqual([newKid]);
    });

    it('should let another process verify a token of a key it had not seen yet', async () => {
      const other = await anotherProcess(database.url);
      try {
        await other.signingKeys.onApplicationBootstrap();
        await signingKeys.rotate();
        const { accessToken } = await accessTokens.issue(subject);

        await expect(new AccessTokens(other.signingKeys, config).verify(accessToken)).resolves.toMatchObject(subject);
      } finally {
        await other.stop();
      }
    });

    it('should stop publishing and accepting a key retired longer than a token lifetime ago', async () => {
      const { accessToken } = await accessTokens.issue(subject);
      const oldKid = decodeProtectedHeader(accessToken).kid;
      await signingKeys.rotate();
      await database.dataSource.query(`UPDATE signing_keys SET retired_at = now() - interval '1 hour' WHERE id = $1`, [
        oldKid,
      ]);

      const other = await anotherProcess(database.url);
      try {
        await other.signingKeys.onApplicationBootstrap();

        expect((await other.signingKeys.jwks()).keys.map((key) => key.kid)).not.toContain(oldKid);
        const rejection = await rejectionOf(new AccessTokens(other.signingKeys, config).verify(accessToken));
        expect(rejection.code).toBe('INVALID_TOKEN');
      } finally {
        await other.stop();
      }
    });

    it('should replace a key older than SIGNING_KEY_ROTATION_DAYS when a process starts', async () => {
      const { accessToken } = await accessTokens.issue(subject);
      const oldKid = decodeProtectedHeader(accessToken).kid;
      await database.dataSource.query(`UPDATE signing_keys SET created_at = now() - interval '31 days' WHERE id = $1`, [
        oldKid,
      ]);

      const other = await anotherProcess(database.url);
      try {
        await other.signingKeys.onApplicationBootstrap();
        const { kid } = await other.signingKeys.currentSigningKey();

        expect(kid).not.toEqual(oldKid);
        const [oldRow] = (await signingKeyRows()).filter((row) => row.id === oldKid);
        expect(oldRow.retired_at).toBeInstanceOf(Date);
        await expect(new AccessTokens(other.signingKeys, config).verify(accessToken)).resolves.toMatchObject(subject);
      } finally {
        await other.stop();
      }
    });
  });

  describe('GET /.well-known/jwks.json', () => {
    it('should serve the public keys to anyone, cacheable for five minutes', async () => {
      const { accessToken } = await accessTokens.issue(subject);

      const response = await app.inject({ method: 'GET', url: '/.well-known/jwks.json' });

      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('public, max-age=300');
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const { keys } = response.json<{ keys: Array<Record<string, unknown>> }>();
      expect(keys.map((key) => key.kid)).toContain(decodeProtectedHeader(accessToken).kid);
      for (const key of keys) {
        expect(key).toEqual({
          kty: 'OKP',
          crv: 'Ed25519',
          x: expect.any(String),
          kid: expect.any(String),
          alg: 'EdDSA',
          use: 'sig',
        });
      }
      expect(Reflect.getMetadata(PUBLIC_ROUTE, JwksController.prototype.jwks)).toBe(true);
    });
  });
});

describe('signing keys when several processes start on an empty database', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase({ migrations: MIGRATIONS, entities: [SigningKey] });
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should end with exactly one key, current in every process', async () => {
    const processes = await Promise.all(Array.from({ length: 4 }, () => anotherProcess(database.url)));
    try {
      await Promise.all(processes.map((process) => process.signingKeys.onApplicationBootstrap()));

      const rows: Array<{ id: string; retired_at: Date | null }> = await database.dataSource.query(
        'SELECT id, retired_at FROM signing_keys',
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].retired_at).toBeNull();
      const kids = await Promise.all(
        processes.map(async (process) => (await process.signingKeys.currentSigningKey()).kid),
      );
      expect(new Set(kids)).toEqual(new Set([rows[0].id]));
    } finally {
      await Promise.all(processes.map((process) => process.stop()));
    }
  });
});
