import { Injectable } from '@nestjs/common';
import { DomainError } from '@keel/platform-errors';
import type { UserActor } from '../authentication/actor';
import { STEP_UP_MAX_AGE_SECONDS } from '../sessions/assurance';
import { MfaService } from './mfa.service';

/**
 * Whether a session's proof is fresh enough for a sensitive action: for an
 * account with MFA, a second factor within STEP_UP_MAX_AGE_SECONDS. An
 * account without MFA has nothing stronger to give, and an API key acts
 * without a session: neither is asked.
 */
export function stepUpSatisfied(actor: Pick<UserActor, 'aal' | 'authTime'>, hasMfa: boolean, now = Date.now()): boolean {
  if (!hasMfa) return true;
  return actor.aal === 'aal2' && now - actor.authTime.getTime() <= STEP_UP_MAX_AGE_SECONDS * 1000;
}

@Injectable()
export class StepUpPolicy {
  constructor(private readonly mfa: MfaService) {}

  /**
   * 403 STEP_UP_REQUIRED, saying how to step up, unless the person's proof is
   * fresh enough. Someone acting as the user (an impersonating admin) can
   * never give that proof: 403 IMPERSONATION_FORBIDDEN, so an impersonation
   * cannot mint a lasting credential (an API key) or move ownership, roles or
   * the workspace itself in the user's name.
   */
  async assertSatisfied(actor: UserActor): Promise<void> {
    if (actor.impersonation) {
      throw new DomainError(
        'IMPERSONATION_FORBIDDEN',
        "An impersonation token cannot take the actions that need the user's own fresh proof (API keys, ownership, roles, deleting the workspace).",
      );
    }
    if (stepUpSatisfied(actor, await this.mfa.isEnabled(actor.userId))) return;
    throw new DomainError(
      'STEP_UP_REQUIRED',
      `This action needs your second factor within the last ${STEP_UP_MAX_AGE_SECONDS / 60} minutes: send a code to POST /v1/auth/step-up, then retry with the access token it returns.`,
      { extensions: { stepUp: { href: '/v1/auth/step-up', maxAgeSeconds: STEP_UP_MAX_AGE_SECONDS } } },
    );
  }
}
