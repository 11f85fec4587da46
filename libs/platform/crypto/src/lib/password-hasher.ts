import { Injectable } from '@nestjs/common';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import type { Algorithm } from '@node-rs/argon2';

/** The argon2id cost every new hash is made with. */
export interface Argon2Parameters {
  /** Memory in KiB. */
  readonly memoryCost: number;
  /** Passes over memory. */
  readonly timeCost: number;
  /** Lanes. */
  readonly parallelism: number;
}

/** OWASP's minimum for argon2id (Password Storage Cheat Sheet): 19 MiB, 2 iterations, 1 lane. */
export const OWASP_MINIMUM_ARGON2: Argon2Parameters = Object.freeze({
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});

/**
 * `Algorithm.Argon2id` of @node-rs/argon2. Its enum is a `const enum`, which a
 * per-file compiler (swc) cannot inline from a declaration file.
 */
const ARGON2ID = 2 as Algorithm;

/** Argon2 version 1.3, the only one a new hash is made with. */
const ARGON2_VERSION = 0x13;

/** `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`; argon2 writes the parameters in any order. */
const ENCODED_HASH = /^\$(argon2(?:id|i|d))\$v=(\d+)\$([a-z]=\d+(?:,[a-z]=\d+)*)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

/**
 * Hashes and verifies passwords with argon2id (@node-rs/argon2: prebuilt per
 * platform, no compiler needed at install; the `argon2` package's own
 * linux-x64 prebuild crashes on load on Debian 12 / Node 20). Injectable, or built with `new`
 * where no container is at hand (CLI tools, benches); stronger parameters may be
 * passed, never weaker ones than OWASP's minimum.
 */
@Injectable()
export class PasswordHasher {
  readonly parameters: Argon2Parameters;

  constructor(parameters: Argon2Parameters = OWASP_MINIMUM_ARGON2) {
    if (
      parameters.memoryCost < OWASP_MINIMUM_ARGON2.memoryCost ||
      parameters.timeCost < OWASP_MINIMUM_ARGON2.timeCost ||
      parameters.parallelism < OWASP_MINIMUM_ARGON2.parallelism
    ) {
      throw new RangeError(
        'PasswordHasher parameters must be at least m=19456, t=2, p=1 (OWASP minimum for argon2id).',
      );
    }
    this.parameters = Object.freeze({ ...parameters });
  }

  /** A self-describing encoded hash (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) with a fresh random salt. */
  hash(password: string): Promise<string> {
    return argon2Hash(password, { algorithm: ARGON2ID, ...this.parameters });
  }

  /**
   * Whether `password` matches `hash`. A malformed or foreign hash is a mismatch,
   * not an error: a corrupt row must not turn a sign-in into a 500.
   */
  async verify(hash: string, password: string): Promise<boolean> {
    if (typeof hash !== 'string' || typeof password !== 'string' || !ENCODED_HASH.test(hash)) {
      return false;
    }
    try {
      return await argon2Verify(hash, password);
    } catch {
      return false;
    }
  }

  /**
   * Whether a stored hash was made weaker than this hasher would make it now, so
   * the caller should re-hash the password it has just verified. A stronger
   * hash is left alone: re-hashing it would only lower its cost. Unreadable
   * hashes count as needing a rehash.
   */
  needsRehash(hash: string): boolean {
    const parsed = parseEncodedHash(hash);
    if (!parsed) {
      return true;
    }
    return (
      parsed.type !== 'argon2id' ||
      parsed.version < ARGON2_VERSION ||
      parsed.memoryCost < this.parameters.memoryCost ||
      parsed.timeCost < this.parameters.timeCost ||
      parsed.parallelism < this.parameters.parallelism
    );
  }
}

interface EncodedHashHeader extends Argon2Parameters {
  readonly type: string;
  readonly version: number;
}

function parseEncodedHash(hash: string): EncodedHashHeader | undefined {
  const match = typeof hash === 'string' ? ENCODED_HASH.exec(hash) : null;
  if (!match) {
    return undefined;
  }
  const [, type, version, params] = match;
  const values = new Map(
    params.split(',').map((pair) => {
      const [key, value] = pair.split('=');
      return [key, Number(value)] as const;
    }),
  );
  const memoryCost = values.get('m');
  const timeCost = values.get('t');
  const parallelism = values.get('p');
  if (memoryCost === undefined || timeCost === undefined || parallelism === undefined) {
    return undefined;
  }
  return { type, version: Number(version), memoryCost, timeCost, parallelism };
}
