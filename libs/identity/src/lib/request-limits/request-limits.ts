import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '@keel/platform-errors';
import type { Actor } from '../authentication/actor';
import { addRateLimitHeaders } from './rate-limit-headers';
import { RequestBuckets } from './request-buckets';
import { RequestLimitsConfig } from './request-limits-config';
import { BucketDecision, BucketPolicy, decide } from './token-bucket';

/** Every policy counts requests per minute; the burst is the whole minute's worth. */
export const RATE_LIMIT_WINDOW_SECONDS = 60;

/** One bucket a request is counted against. */
export interface LimitedBucket {
  readonly policy: BucketPolicy;
  /** Whose bucket within the policy: an id, or a client address. */
  readonly key: string;
}

const WHO: Readonly<Record<string, string>> = {
  'api-key': 'this API key',
  user: 'this user',
  workspace: 'this workspace',
  address: 'this client address',
};

/**
 * The request rate limits: counts a request against a bucket (in the store
 * RATE_LIMIT_STORE names), writes the RateLimit-Policy and RateLimit headers
 * onto the reply, and refuses past the limit with 429 RATE_LIMITED and
 * Retry-After. The caller's bucket is taken by RequestLimitGuard (global, after
 * authentication); the workspace's by tenancy's workspace guard, once it has
 * verified the caller belongs there (so nobody can spend another workspace's).
 */
@Injectable()
export class RequestLimits {
  constructor(
    private readonly config: RequestLimitsConfig,
    private readonly buckets: RequestBuckets,
  ) {}

  /** The policy of `name` allowing `perMinute` requests a minute; undefined when 0 turns it off. */
  policy(name: string, perMinute: number): BucketPolicy | undefined {
    return perMinute > 0 ? { name, capacity: perMinute, windowSeconds: RATE_LIMIT_WINDOW_SECONDS } : undefined;
  }

  /** The caller's bucket: its API key or its user; undefined when that limit is off (or for automation, never over HTTP). */
  callerBucket(actor: Actor): LimitedBucket | undefined {
    if (actor.kind === 'api-key') return this.bucket('api-key', this.config.RATE_LIMIT_API_KEY_PER_MINUTE, actor.apiKeyId);
    if (actor.kind === 'user') return this.bucket('user', this.config.RATE_LIMIT_USER_PER_MINUTE, actor.userId);
    return undefined;
  }

  /** The bucket of a client address on a route that needs no credentials. */
  addressBucket(clientAddress: string | undefined): LimitedBucket | undefined {
    return this.bucket('address', this.config.RATE_LIMIT_ADDRESS_PER_MINUTE, clientAddress ?? 'unknown');
  }

  /** A workspace's bucket at `perMinute` (its plan's, or RATE_LIMIT_WORKSPACE_PER_MINUTE). */
  workspaceBucket(workspaceId: string, perMinute: number): LimitedBucket | undefined {
    return this.bucket('workspace', perMinute, workspaceId);
  }

  /** Counts this request against `bucket` and says so in the reply's headers; past the limit, 429 RATE_LIMITED. */
  async admit(reply: FastifyReply, bucket: LimitedBucket): Promise<void> {
    const take = await this.buckets.take(`${bucket.policy.name}:${bucket.key}`, bucket.policy);
    const decision = decide(bucket.policy, take);
    addRateLimitHeaders(reply, decision);
    if (!decision.allowed) throw rateLimited(decision);
  }

  private bucket(name: string, perMinute: number, key: string): LimitedBucket | undefined {
    const policy = this.policy(name, perMinute);
    return policy ? { policy, key } : undefined;
  }
}

function rateLimited(decision: BucketDecision): DomainError {
  const { policy, retryAfterSeconds } = decision;
  const who = WHO[policy.name] ?? policy.name;
  return new DomainError(
    'RATE_LIMITED',
    `Too many requests from ${who} (at most ${policy.capacity} per minute). Try again in ${retryAfterSeconds} seconds.`,
    {
      headers: { 'retry-after': String(retryAfterSeconds) },
      extensions: { retryAfterSeconds, limit: `requests per minute from ${who}`, policy: policy.name },
    },
  );
}
