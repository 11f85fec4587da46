import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const PEOPLE_ONLY_ROUTE = 'keel:people-only';

/**
 * Marks a route for signed-in people only: an API key is refused with 403
 * (account routes, creating workspaces, accepting invites, handing over
 * ownership belong to a person). Only such routes may read
 * `ActorContext.user`, and the OpenAPI document records them as
 * `x-keel-auth: user`, so the route snapshot shows who can reach them.
 */
export function PeopleOnly(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(PEOPLE_ONLY_ROUTE, true), ApiExtension('x-keel-auth', 'user'));
}
