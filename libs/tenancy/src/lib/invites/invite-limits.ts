import { Injectable } from '@nestjs/common';
import {
  ActorContext,
  ApiKeysService,
  DAY_SECONDS,
  HOUR_SECONDS,
  IdentityConfig,
  mailRecipientLimit,
  RateLimit,
  RateLimits,
  UsersService,
} from '@keel/identity';
import { DomainError } from '@keel/platform-errors';
import { TenancyConfig } from '../tenancy-config';

/**
 * What keeps invites from being a spam relay: only someone whose address is
 * verified invites (an API key, only when the person who made it is), and
 * invites with resends are counted per workspace and per inviter, per hour and
 * per day, and with every other mail to the invited address. Checked before
 * an invite is written or mailed.
 */
@Injectable()
export class InviteLimits {
  constructor(
    private readonly actors: ActorContext,
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
    private readonly limits: RateLimits,
    private readonly config: TenancyConfig,
    private readonly identityConfig: IdentityConfig,
  ) {}

  /** 403 EMAIL_NOT_VERIFIED or 429 RATE_LIMITED (with Retry-After), in the workspace's transaction. */
  async admit(workspaceId: string, recipient: string): Promise<void> {
    const inviter = await this.inviter(workspaceId);
    if (this.config.INVITES_REQUIRE_VERIFIED_EMAIL && inviter !== null) {
      const person = await this.users.findById(inviter);
      if (!person?.emailVerifiedAt) {
        throw new DomainError(
          'EMAIL_NOT_VERIFIED',
          this.actors.actor.kind === 'api-key'
            ? 'The person who made this API key has not verified their email address; invites need a verified one.'
            : 'Verify your email address before inviting anyone: follow the link mailed at sign-up, or ask for a new one with POST /v1/auth/email/verify/resend.',
        );
      }
    }
    const counted: RateLimit[] = [
      this.perHourAndDay(`invites:workspace:${workspaceId}`, 'in this workspace', {
        hour: this.config.INVITES_PER_WORKSPACE_PER_HOUR,
        day: this.config.INVITES_PER_WORKSPACE_PER_DAY,
      }),
      inviter === null
        ? []
        : this.perHourAndDay(`invites:inviter:${inviter}`, 'from you', {
            hour: this.config.INVITES_PER_INVITER_PER_HOUR,
            day: this.config.INVITES_PER_INVITER_PER_DAY,
          }),
      [mailRecipientLimit(recipient, this.identityConfig.MAILS_PER_RECIPIENT_PER_HOUR)],
    ].flat();
    await this.limits.consume(counted);
  }

  /** The person behind the request: the signed-in user, or the one who made the API key; null for automation. */
  private async inviter(workspaceId: string): Promise<string | null> {
    const actor = this.actors.actor;
    switch (actor.kind) {
      case 'user':
        return actor.userId;
      case 'api-key':
        return this.apiKeys.creatorOf(workspaceId, actor.apiKeyId);
      case 'automation':
        return null;
    }
  }

  private perHourAndDay(key: string, where: string, limits: { hour: number; day: number }): RateLimit[] {
    return [
      { key, limit: limits.hour, windowSeconds: HOUR_SECONDS, counts: `invites and resends ${where} per hour` },
      { key, limit: limits.day, windowSeconds: DAY_SECONDS, counts: `invites and resends ${where} per day` },
    ];
  }
}
