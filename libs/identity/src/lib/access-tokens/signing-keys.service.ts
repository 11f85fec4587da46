import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { calculateJwkThumbprint, type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { DataSource, IsNull } from 'typeorm';
import { SecretBox } from '@keel/platform-crypto';
import { runUnscoped } from '@keel/platform-database';
import { ACCESS_TOKEN_CLOCK_TOLERANCE_SECONDS } from './access-token-clock';
import { CoalescingRefresh } from './coalescing-refresh';
import { signingKeySealingContext } from './signing-key-sealing';
import { PublicSigningJwk, SigningKey } from './signing-key.entity';
import { IdentityConfig } from '../identity-config';

/** The key that signs new access tokens. */
export interface CurrentSigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
}

/** A JSON Web Key Set (RFC 7517) of the keys whose tokens may still be valid. */
export interface SigningJwks {
  keys: PublicSigningJwk[];
}

interface KnownKey {
  readonly row: SigningKey;
  readonly verificationKey: CryptoKey;
}

interface KeySnapshot {
  /** When the read that produced it started (monotonic ms): later changes may be missing. */
  readonly readStartedAt: number;
  /** Newest first: the current key, then keys retired within the verification window. */
  readonly keys: readonly KnownKey[];
  readonly current: CurrentSigningKey | undefined;
}

/** Keys change rarely; other processes' rotations are picked up within this time (sooner on an unknown kid). */
const REFRESH_INTERVAL_MS = 60_000;
/** At most one read per second, however many tokens with unknown key ids arrive. */
const MIN_READ_INTERVAL_MS = 1_000;
/** Any fixed number works; it only has to be the same in every Keel process (and differ from the migration lock). */
const SIGNING_KEY_LOCK = 7_263_114_502;
const DAY_MS = 86_400_000;
/** What `calculateJwkThumbprint` produces (SHA-256, base64url); anything else cannot be one of our kids. */
const KID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The Ed25519 keys that sign access tokens. One key is current; it is replaced
 * after SIGNING_KEY_ROTATION_DAYS (or on `rotate()`), and the one it replaces
 * keeps verifying for one token lifetime. Keys live in `signing_keys`, the
 * private half sealed under the master key, and are cached here.
 */
@Injectable()
export class SigningKeys implements OnApplicationBootstrap {
  private readonly logger = new Logger(SigningKeys.name);
  private readonly refresh = new CoalescingRefresh(() => this.read(), MIN_READ_INTERVAL_MS);
  private snapshot: KeySnapshot | undefined;
  private ensuringCurrent: Promise<string> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secretBox: SecretBox,
    private readonly config: IdentityConfig,
  ) {}

  /** Makes the first key (or a due replacement) before the process takes traffic, and fails start-up if the key cannot be opened. */
  async onApplicationBootstrap(): Promise<void> {
    await this.currentSigningKey();
  }

  /** The key to sign with now; replaces it first when it is missing or due. */
  async currentSigningKey(): Promise<CurrentSigningKey> {
    let snapshot = await this.recentSnapshot();
    if (!snapshot.current || this.rotationDue(snapshot.current.kid, snapshot)) {
      await this.ensureCurrentKey();
      snapshot = this.loadedSnapshot();
    }
    if (!snapshot.current) throw new Error('No current signing key after creating one: was it retired concurrently?');
    return snapshot.current;
  }

  /**
   * The public key for a token's `kid`, or undefined when no key that may still
   * have valid tokens has that id. An id this process has not seen yet
   * (another process just rotated) triggers a read, at most one per second.
   */
  async verificationKey(kid: string): Promise<CryptoKey | undefined> {
    if (!KID_PATTERN.test(kid)) return undefined;
    const askedAt = this.refresh.now();
    let snapshot = await this.recentSnapshot();
    let known = snapshot.keys.find((key) => key.row.id === kid);
    if (!known && snapshot.readStartedAt < askedAt) {
      await this.refresh.run(askedAt);
      snapshot = this.loadedSnapshot();
      known = snapshot.keys.find((key) => key.row.id === kid);
    }
    return known && this.stillVerifies(known.row) ? known.verificationKey : undefined;
  }

  /** The public keys whose tokens may still be valid: the current key and those retired less than a token lifetime ago. */
  async jwks(): Promise<SigningJwks> {
    const snapshot = await this.recentSnapshot();
    return { keys: snapshot.keys.filter((key) => this.stillVerifies(key.row)).map((key) => key.row.publicJwk) };
  }

  /**
   * The public key `kid` names, retired or not, for what a key signed to be kept
   * (audit chain anchors) rather than tokens; undefined when no key has that id.
   */
  async publicKeyOf(kid: string): Promise<CryptoKey | undefined> {
    if (!KID_PATTERN.test(kid)) return undefined;
    const known = this.snapshot?.keys.find((key) => key.row.id === kid);
    if (known) return known.verificationKey;
    const row = await this.dataSource.getRepository(SigningKey).findOneBy({ id: kid });
    return row ? importEd25519(row.publicJwk, row.id) : undefined;
  }

  /** Replaces the current key now (operators, tests); returns the new key's id. */
  rotate(): Promise<string> {
    return this.replaceCurrentKey({ force: true });
  }

  private ensureCurrentKey(): Promise<string> {
    this.ensuringCurrent ??= this.replaceCurrentKey({ force: false }).finally(() => {
      this.ensuringCurrent = undefined;
    });
    return this.ensuringCurrent;
  }

  /**
   * Under a transaction-level advisory lock, so processes starting together
   * make one key: the first creates it, the others then find it current.
   */
  private async replaceCurrentKey({ force }: { force: boolean }): Promise<string> {
    const outcome = await runUnscoped(this.dataSource, async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SIGNING_KEY_LOCK]);
      const keys = manager.getRepository(SigningKey);
      const current = await keys.findOne({ where: { retiredAt: IsNull() }, order: { createdAt: 'DESC', id: 'DESC' } });
      if (current && !force && !this.isDue(current.createdAt)) return { kid: current.id, replaced: undefined };
      const created = await this.generateKey();
      await keys.update({ retiredAt: IsNull() }, { retiredAt: () => 'now()' });
      await keys.insert(created);
      return { kid: created.id, replaced: current?.id };
    });
    if (outcome.replaced) this.logger.log(`Signing key ${outcome.kid} replaced ${outcome.replaced}.`);
    // A read that starts after the commit, so the new key is in the cache when we return.
    await this.refresh.run(this.refresh.now(), { throttle: false });
    return outcome.kid;
  }

  private async generateKey(): Promise<Omit<SigningKey, 'createdAt'>> {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const publicParts = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicParts, 'sha256');
    if (typeof publicParts.x !== 'string') throw new Error('The generated Ed25519 key has no public part.');
    const privateJwk = await exportJWK(privateKey);
    return {
      id: kid,
      algorithm: 'EdDSA',
      publicJwk: { kty: 'OKP', crv: 'Ed25519', x: publicParts.x, kid, alg: 'EdDSA', use: 'sig' },
      privateKeySealed: this.secretBox.seal(JSON.stringify(privateJwk), signingKeySealingContext(kid)),
      retiredAt: null,
    };
  }

  /** The cached keys, re-read when older than a minute; a failed re-read keeps the old ones (they stay valid). */
  private async recentSnapshot(): Promise<KeySnapshot> {
    const snapshot = this.snapshot;
    if (snapshot && this.refresh.now() - snapshot.readStartedAt < REFRESH_INTERVAL_MS) return snapshot;
    try {
      await this.refresh.run();
    } catch (error) {
      if (!snapshot) throw error;
      this.logger.warn(`Could not re-read the signing keys; using the cached ones: ${messageOf(error)}`);
      return snapshot;
    }
    return this.loadedSnapshot();
  }

  private loadedSnapshot(): KeySnapshot {
    if (!this.snapshot) throw new Error('The signing keys have not been read.');
    return this.snapshot;
  }

  private async read(): Promise<void> {
    const readStartedAt = this.refresh.now();
    const rows = await this.dataSource
      .getRepository(SigningKey)
      .createQueryBuilder('key')
      .where('key.retiredAt IS NULL OR key.retiredAt > now() - make_interval(secs => :window)', {
        window: this.verificationWindowSeconds(),
      })
      .orderBy('key.createdAt', 'DESC')
      .addOrderBy('key.id', 'DESC')
      .getMany();
    const previous = new Map((this.snapshot?.keys ?? []).map((key) => [key.row.id, key.verificationKey]));
    const keys = await Promise.all(
      rows.map(async (row) => ({
        row,
        verificationKey: previous.get(row.id) ?? (await importEd25519(row.publicJwk, row.id)),
      })),
    );
    const currentRow = rows.find((row) => row.retiredAt === null);
    const current = currentRow ? await this.currentKeyFrom(currentRow) : undefined;
    this.snapshot = { readStartedAt, keys, current };
  }

  private async currentKeyFrom(row: SigningKey): Promise<CurrentSigningKey> {
    const cached = this.snapshot?.current;
    if (cached?.kid === row.id) return cached;
    let privateJwk: JWK;
    try {
      privateJwk = JSON.parse(this.secretBox.openText(row.privateKeySealed, signingKeySealingContext(row.id))) as JWK;
    } catch (error) {
      throw new Error(
        `The private half of signing key ${row.id} cannot be opened with the master keys; was KEEL_MASTER_KEY changed without keeping the old one in KEEL_MASTER_KEYS_PREVIOUS? (${messageOf(error)})`,
        { cause: error },
      );
    }
    if (privateJwk.kty !== 'OKP' || privateJwk.crv !== 'Ed25519' || privateJwk.x !== row.publicJwk.x) {
      throw new Error(`The private half of signing key ${row.id} does not match its public key.`);
    }
    return { kid: row.id, privateKey: await importEd25519(privateJwk, row.id) };
  }

  private rotationDue(kid: string, snapshot: KeySnapshot): boolean {
    const row = snapshot.keys.find((key) => key.row.id === kid)?.row;
    return !row || this.isDue(row.createdAt);
  }

  private isDue(createdAt: Date): boolean {
    return createdAt.getTime() + this.config.SIGNING_KEY_ROTATION_DAYS * DAY_MS <= Date.now();
  }

  /** A key retired longer ago than this can only have signed tokens that have expired. */
  private verificationWindowSeconds(): number {
    return this.config.ACCESS_TOKEN_TTL_SECONDS + ACCESS_TOKEN_CLOCK_TOLERANCE_SECONDS;
  }

  private stillVerifies(row: SigningKey): boolean {
    return row.retiredAt === null || row.retiredAt.getTime() > Date.now() - this.verificationWindowSeconds() * 1000;
  }
}

async function importEd25519(jwk: JWK, kid: string): Promise<CryptoKey> {
  const key = await importJWK(jwk, 'EdDSA', { extractable: false });
  if (key instanceof Uint8Array) throw new Error(`Signing key ${kid} is not an Ed25519 key.`);
  return key;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
