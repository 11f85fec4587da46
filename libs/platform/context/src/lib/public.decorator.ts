import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const PUBLIC_ROUTE = 'keel:public';

/**
 * Marks a route that needs no credentials (health, metrics, sign-up, sign-in,
 * JWKS). Every other route requires a bearer token: the identity context's
 * authentication guard is global. The OpenAPI document records it as
 * `x-keel-auth: none`. It lives in the kernel so kernel controllers can say so.
 */
export function Public(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension('x-keel-auth', 'none'));
}
