import { applyDecorators, Header } from '@nestjs/common';

/**
 * For a handler whose answer carries a secret (tokens, a new API key, a
 * signing secret, an invite token): no cache, browser or proxy, may keep it
 * (RFC 9111 `no-store`; `Pragma: no-cache` for HTTP/1.0 caches and the
 * clients that still look for it, as OAuth 2.0's token endpoint requires).
 */
export function NoStore(): MethodDecorator {
  return applyDecorators(Header('Cache-Control', 'no-store'), Header('Pragma', 'no-cache'));
}
