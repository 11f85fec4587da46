import { Transform } from 'class-transformer';
import { IsIn, IsInt, Min } from 'class-validator';
import { ConfigSection, EnvVar, toInteger } from '@keel/platform-config';

export const RATE_LIMIT_STORES = ['memory', 'postgres'] as const;
export type RateLimitStore = (typeof RATE_LIMIT_STORES)[number];

/**
 * The request rate limits: a token bucket per API key, per user, per
 * workspace, and per client address on routes that need no credentials,
 * each allowing its number of requests per minute (and as many at once).
 * A workspace's plan, when billing has one with `api_rate_limit`, replaces
 * RATE_LIMIT_WORKSPACE_PER_MINUTE for that workspace.
 */
@ConfigSection('Rate limits')
export class RequestLimitsConfig {
  @EnvVar({
    type: 'enum',
    values: RATE_LIMIT_STORES,
    description:
      'Where the request rate limits count: `memory` (the default: in each process, no database round trip, but each API process allows the whole limit on its own) or `postgres` (one count shared by every API process, one UPSERT per limit per request). Use `postgres` when several API processes serve the same clients.',
  })
  @IsIn(RATE_LIMIT_STORES)
  RATE_LIMIT_STORE: RateLimitStore = 'memory';

  @EnvVar({
    type: 'integer',
    description:
      'Requests one API key may make per minute (and at once); more get 429 RATE_LIMITED with Retry-After (0: no limit).',
  })
  @Transform(toInteger)
  @Min(0)
  @IsInt()
  RATE_LIMIT_API_KEY_PER_MINUTE = 1200;

  @EnvVar({
    type: 'integer',
    description:
      'Requests one signed-in user may make per minute (and at once), all sessions together; more get 429 RATE_LIMITED (0: no limit).',
  })
  @Transform(toInteger)
  @Min(0)
  @IsInt()
  RATE_LIMIT_USER_PER_MINUTE = 1200;

  @EnvVar({
    type: 'integer',
    description:
      "Requests to one workspace's routes per minute (and at once), all its members and keys together, when its plan sets no `api_rate_limit`; more get 429 RATE_LIMITED (0: no limit).",
  })
  @Transform(toInteger)
  @Min(0)
  @IsInt()
  RATE_LIMIT_WORKSPACE_PER_MINUTE = 6000;

  @EnvVar({
    type: 'integer',
    description:
      'Requests one client address may make per minute (and at once) to routes that need no credentials (sign-in, sign-up, token refresh, …); more get 429 RATE_LIMITED (0: no limit). Behind a proxy, set TRUST_PROXY so the address is the client\'s.',
  })
  @Transform(toInteger)
  @Min(0)
  @IsInt()
  RATE_LIMIT_ADDRESS_PER_MINUTE = 300;
}
