import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { DomainError } from '@keel/platform-errors';
import { AccessTokens } from '../access-tokens/access-tokens.service';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { SessionsService } from '../sessions/sessions.service';
import { Actor } from './actor';

export const BEARER_STRATEGY = 'keel-bearer';

/**
 * `Authorization: Bearer <credential>`: a Keel API key (`keel_…`, recognised
 * by its shape and checksum before any lookup) or an access token (a JWT
 * whose session must still be active).
 */
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, BEARER_STRATEGY) {
  constructor(
    private readonly accessTokens: AccessTokens,
    private readonly sessions: SessionsService,
    private readonly apiKeys: ApiKeysService,
  ) {
    super();
  }

  async validate(credential: string): Promise<Actor> {
    if (credential.startsWith('keel_')) return this.apiKeys.authenticate(credential);
    const claims = await this.accessTokens.verify(credential);
    if (!(await this.sessions.isActive(claims.sessionId))) {
      throw new DomainError('INVALID_TOKEN', 'The session of this access token has ended; sign in again.');
    }
    return {
      kind: 'user',
      userId: claims.userId,
      sessionId: claims.sessionId,
      aal: claims.aal,
      authTime: claims.authTime,
      ...(claims.actorUserId ? { impersonation: { actorUserId: claims.actorUserId } } : {}),
    };
  }
}
