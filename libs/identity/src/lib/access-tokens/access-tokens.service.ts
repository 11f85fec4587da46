import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type CryptoKey, decodeJwt, type JWTHeaderParameters, jwtVerify, SignJWT } from 'jose';
import { ACCESS_TOKEN_CLOCK_TOLERANCE_SECONDS } from './access-token-clock';
import { accessTokenRejection, invalidAccessToken } from './access-token-rejection';
import { SigningKeys } from './signing-keys.service';
import { IdentityConfig } from '../identity-config';
import type { Assurance, AssuranceLevel } from '../sessions/assurance';

/** Whom an access token speaks for: a user, through one of their sessions, and how that session was proved. */
export interface AccessTokenSubject {
  userId: string;
  sessionId: string;
  /** Carried as the `aal`, `amr` and `auth_time` claims; a password sign-in now when absent. */
  assurance?: Assurance;
  /**
   * Someone acting as the user (a platform admin impersonating them): carried
   * as the RFC 8693 `act` claim, with the token's own lifetime (at most
   * DELEGATED_TOKEN_MAX_SECONDS).
   */
  delegation?: { actorUserId: string; expiresInSeconds: number };
}

/** What a valid access token says. */
export interface VerifiedAccessToken {
  userId: string;
  sessionId: string;
  aal: AssuranceLevel;
  amr: string[];
  /** When the session's user last proved who they are. */
  authTime: Date;
  /** The `act` claim's subject: who acts as the user (an impersonating platform admin). */
  actorUserId?: string;
}

export interface IssuedAccessToken {
  accessToken: string;
  /** Seconds until it expires. */
  expiresIn: number;
}

/** The longest an impersonation token (one with an `act` claim) may live: an hour. */
export const DELEGATED_TOKEN_MAX_SECONDS = 3_600;

/** Far beyond any token we issue (about 400 characters); longer input is refused before it is parsed. */
const MAX_TOKEN_LENGTH = 4_096;

/**
 * Short-lived EdDSA-signed JWTs that let a signed-in user call the API. Other
 * services can verify them with the keys at /.well-known/jwks.json.
 */
@Injectable()
export class AccessTokens {
  constructor(
    private readonly signingKeys: SigningKeys,
    private readonly config: IdentityConfig,
  ) {}

  async issue({ userId, sessionId, assurance, delegation }: AccessTokenSubject): Promise<IssuedAccessToken> {
    const { kid, privateKey } = await this.signingKeys.currentSigningKey();
    const expiresIn = delegation
      ? Math.min(delegation.expiresInSeconds, DELEGATED_TOKEN_MAX_SECONDS)
      : this.config.ACCESS_TOKEN_TTL_SECONDS;
    const issuedAt = Math.floor(Date.now() / 1000);
    const authTime = assurance ? Math.floor(assurance.authenticatedAt.getTime() / 1000) : issuedAt;
    const accessToken = await new SignJWT({
      sid: sessionId,
      aal: assurance?.aal ?? 'aal1',
      amr: assurance?.amr ?? ['pwd'],
      auth_time: authTime,
      ...(delegation ? { act: { sub: delegation.actorUserId } } : {}),
    })
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
      .setIssuer(this.config.PUBLIC_URL)
      .setAudience(this.config.ACCESS_TOKEN_AUDIENCE)
      .setSubject(userId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + expiresIn)
      .setJti(randomUUID())
      .sign(privateKey);
    return { accessToken, expiresIn };
  }

  /** The user and session of a valid token; INVALID_TOKEN for anything else, with a short reason. */
  async verify(token: string): Promise<VerifiedAccessToken> {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
      throw invalidAccessToken('The access token is missing or malformed.');
    }
    let claims: Record<string, unknown>;
    // An impersonation token may live longer than a sign-in's; its signature is checked all the same.
    const maxTokenAge = isDelegated(token)
      ? Math.max(DELEGATED_TOKEN_MAX_SECONDS, this.config.ACCESS_TOKEN_TTL_SECONDS)
      : this.config.ACCESS_TOKEN_TTL_SECONDS;
    try {
      const verified = await jwtVerify(token, (header) => this.verificationKeyFor(header), {
        algorithms: ['EdDSA'],
        typ: 'JWT',
        issuer: this.config.PUBLIC_URL,
        audience: this.config.ACCESS_TOKEN_AUDIENCE,
        requiredClaims: ['sub', 'sid', 'iat', 'exp'],
        clockTolerance: ACCESS_TOKEN_CLOCK_TOLERANCE_SECONDS,
        // Refuses a token whose `exp` lies further out than we ever issue.
        maxTokenAge,
      });
      claims = verified.payload;
    } catch (error) {
      throw accessTokenRejection(error) ?? error;
    }
    const { sub, sid, aal, amr, auth_time: authTime, iat, act } = claims;
    if (typeof sub !== 'string' || sub === '' || typeof sid !== 'string' || sid === '') {
      throw invalidAccessToken('The access token does not name a user and a session.');
    }
    const actorUserId = act === undefined ? undefined : actingSubject(act);
    if (actorUserId === null) throw invalidAccessToken('The access token names no one in its act claim.');
    // Tokens issued before assurance levels existed carry none: a password sign-in at their issue time.
    return {
      userId: sub,
      sessionId: sid,
      aal: aal === 'aal2' ? 'aal2' : 'aal1',
      amr: Array.isArray(amr) && amr.every((method) => typeof method === 'string') ? (amr as string[]) : ['pwd'],
      authTime: new Date(1000 * (typeof authTime === 'number' ? authTime : (iat as number))),
      ...(actorUserId ? { actorUserId } : {}),
    };
  }

  private async verificationKeyFor(header: JWTHeaderParameters): Promise<CryptoKey> {
    const key = typeof header.kid === 'string' ? await this.signingKeys.verificationKey(header.kid) : undefined;
    if (!key)
      throw invalidAccessToken('The access token was signed with a key Keel does not know (or no longer uses).');
    return key;
  }
}

/** Whether a token (not yet verified) carries an `act` claim; a malformed one is left to the verification to refuse. */
function isDelegated(token: string): boolean {
  try {
    return decodeJwt(token)['act'] !== undefined;
  } catch {
    return false;
  }
}

/** The subject of an `act` claim, or null when it names no one. */
function actingSubject(act: unknown): string | null {
  const sub = typeof act === 'object' && act !== null ? (act as { sub?: unknown }).sub : undefined;
  return typeof sub === 'string' && sub !== '' ? sub : null;
}
