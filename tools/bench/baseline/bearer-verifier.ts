import { type CryptoKey, importJWK, type JWK, jwtVerify } from 'jose';

/** Keel's ACCESS_TOKEN_CLOCK_TOLERANCE_SECONDS. */
const CLOCK_TOLERANCE_SECONDS = 30;

export interface TokenSettings {
  /** The public keys of Keel's /.well-known/jwks.json. */
  jwks: { keys: JWK[] };
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export interface TokenSubject {
  userId: string;
  sessionId: string;
}

/**
 * Access-token verification as Keel does it, minus the framework: the same
 * `jose` call with the same options (EdDSA only, typ, issuer, audience,
 * required claims, clock tolerance, maximum age), the key picked by `kid`
 * from keys imported once at start.
 */
export class BearerVerifier {
  private constructor(
    private readonly keys: ReadonlyMap<string, CryptoKey>,
    private readonly settings: TokenSettings,
  ) {}

  static async create(settings: TokenSettings): Promise<BearerVerifier> {
    const keys = new Map<string, CryptoKey>();
    for (const jwk of settings.jwks.keys) {
      const key = await importJWK(jwk, 'EdDSA', { extractable: false });
      if (typeof jwk.kid !== 'string' || key instanceof Uint8Array)
        throw new Error('JWKS: not an Ed25519 key with a kid');
      keys.set(jwk.kid, key);
    }
    return new BearerVerifier(keys, settings);
  }

  /** The subject of `Authorization: Bearer <jwt>`, or undefined for anything that does not verify. */
  async verify(authorization: string | undefined): Promise<TokenSubject | undefined> {
    const match = /^Bearer ([^\s]+)$/i.exec(authorization ?? '');
    if (!match || match[1].length > 4_096) return undefined;
    try {
      const { payload } = await jwtVerify(
        match[1],
        (header) => {
          const key = typeof header.kid === 'string' ? this.keys.get(header.kid) : undefined;
          if (!key) throw new Error('unknown kid');
          return key;
        },
        {
          algorithms: ['EdDSA'],
          typ: 'JWT',
          issuer: this.settings.issuer,
          audience: this.settings.audience,
          requiredClaims: ['sub', 'sid', 'iat', 'exp'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          maxTokenAge: this.settings.ttlSeconds,
        },
      );
      const { sub, sid } = payload;
      if (typeof sub !== 'string' || sub === '' || typeof sid !== 'string' || sid === '') return undefined;
      return { userId: sub, sessionId: sid };
    } catch {
      return undefined;
    }
  }
}

/**
 * A value remembered for a fixed time, as Keel's session-state cache (5 s)
 * and membership cache (2 s) do, so both sides go to the database equally often.
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(private readonly ttlMs: number) {}

  get(key: string, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, now = Date.now()): void {
    this.entries.set(key, { value, until: now + this.ttlMs });
  }
}
