import { CanActivate, Injectable } from '@nestjs/common';
import { ActorContext } from '@keel/identity';
import { DomainError } from '@keel/platform-errors';
import { impersonationForbidden } from '../impersonations/impersonation-limits';
import { PlatformAdmins } from './platform-admins.service';

export function platformAdminRequired(detail: string): DomainError {
  return new DomainError('PLATFORM_ADMIN_REQUIRED', detail);
}

/**
 * The guard of every `/v1/admin/*` route: the caller must be a person signed
 * in with an access token whose account is a platform admin. An API key is
 * refused whatever its scopes (keys belong to one workspace; this is the
 * platform) with the 403 of every people-only route, and a person who is not
 * an admin with 403 PLATFORM_ADMIN_REQUIRED.
 */
@Injectable()
export class PlatformAdminGuard implements CanActivate {
  constructor(
    private readonly actors: ActorContext,
    private readonly admins: PlatformAdmins,
  ) {}

  async canActivate(): Promise<boolean> {
    // An API key is refused here like on every people-only route (403 PERMISSION_DENIED, "needs a signed-in user").
    const { userId, impersonation } = this.actors.user;
    // Acting as someone never reaches the platform's routes, whoever that someone is.
    if (impersonation) throw impersonationForbidden();
    if (!(await this.admins.isAdmin(userId))) {
      throw platformAdminRequired('Admin routes need a platform admin; this account is not one.');
    }
    return true;
  }
}
