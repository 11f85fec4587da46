import { Injectable } from '@nestjs/common';

/** Whether a person may act on a workspace they are no member of, as the platform (registered by the admin context). */
export type PlatformAccessCheck = (userId: string, workspaceId: string) => Promise<boolean>;

/**
 * The one way past membership into a workspace route, and only into routes
 * declared `@RequirePermission(…, { platformAdmins: true })` (exporting a
 * workspace): the admin context registers who the platform's admins are.
 * Tenancy cannot import it (admin depends on tenancy), so the check is
 * handed over at start; until then, and in a process without it, nobody
 * passes.
 */
@Injectable()
export class PlatformAccess {
  private check: PlatformAccessCheck | undefined;

  /** Called once, by the admin context at module init. */
  admitWith(check: PlatformAccessCheck): void {
    if (this.check) throw new Error('PlatformAccess has its check already.');
    this.check = check;
  }

  admits(userId: string, workspaceId: string): Promise<boolean> {
    return this.check ? this.check(userId, workspaceId) : Promise.resolve(false);
  }
}
