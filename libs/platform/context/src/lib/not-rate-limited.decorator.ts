import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const NOT_RATE_LIMITED_ROUTE = 'keel:not-rate-limited';

/**
 * Marks a route the per-caller rate limits leave alone (health and metrics:
 * probes and scrapers must never be refused by the API's own limits). The
 * OpenAPI document records it as `x-keel-rate-limit: none` and declares no
 * 429 nor RateLimit headers for it. It lives in the kernel so kernel
 * controllers can say so.
 */
export function NotRateLimited(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(NOT_RATE_LIMITED_ROUTE, true), ApiExtension('x-keel-rate-limit', 'none'));
}
