import type { FastifyReply } from 'fastify';
import type { BucketDecision } from './token-bucket';

export const RATE_LIMIT_POLICY_HEADER = 'RateLimit-Policy';
export const RATE_LIMIT_HEADER = 'RateLimit';

/** `"user";q=1200;w=60`: the policy as draft-ietf-httpapi-ratelimit-headers' RateLimit-Policy item. */
export function policyItem(decision: BucketDecision): string {
  return `"${decision.policy.name}";q=${decision.policy.capacity};w=${decision.policy.windowSeconds}`;
}

/** `"user";r=1187;t=10`: what is left of the policy (`r`) and the seconds until it is whole again (`t`). */
export function rateLimitItem(decision: BucketDecision): string {
  return `"${decision.policy.name}";r=${decision.remaining};t=${decision.resetSeconds}`;
}

/**
 * Adds one policy to the response's RateLimit-Policy and RateLimit lists (a
 * workspace request carries its caller's and its workspace's). Set on the
 * reply before the handler runs, so every answer of a limited route has them,
 * problems included.
 */
export function addRateLimitHeaders(reply: FastifyReply, decision: BucketDecision): void {
  append(reply, RATE_LIMIT_POLICY_HEADER, policyItem(decision));
  append(reply, RATE_LIMIT_HEADER, rateLimitItem(decision));
}

function append(reply: FastifyReply, name: string, item: string): void {
  const present = reply.getHeader(name);
  void reply.header(name, typeof present === 'string' && present.length > 0 ? `${present}, ${item}` : item);
}
