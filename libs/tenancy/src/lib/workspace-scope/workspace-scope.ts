import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { RequestContext } from '@keel/platform-context';
import type { Permission } from '../permissions/permission-catalog';

const SCOPE_KEY = 'workspaceScope';

/** What the workspace guard established for this request. */
export interface WorkspaceAccess {
  workspaceId: string;
  /** The caller's role key; undefined for an API key. */
  role?: string;
  permissions: ReadonlySet<Permission>;
}

/** Typed access to the verified workspace of the current request; throws when a route forgot the guard. */
@Injectable()
export class WorkspaceScope {
  constructor(
    private readonly cls: ClsService,
    private readonly request: RequestContext,
  ) {}

  set(access: WorkspaceAccess): void {
    this.cls.set(SCOPE_KEY, access);
    this.request.describe({ workspaceId: access.workspaceId });
  }

  get current(): WorkspaceAccess {
    const access = this.cls.isActive() ? this.cls.get<WorkspaceAccess | undefined>(SCOPE_KEY) : undefined;
    if (!access) {
      throw new Error(
        'No workspace in this context: the workspace guard did not run; declare the route with @RequirePermission.',
      );
    }
    return access;
  }

  /** The verified workspace, or undefined where no workspace guard ran (public and account routes). */
  get verifiedWorkspaceId(): string | undefined {
    return this.cls.isActive() ? this.cls.get<WorkspaceAccess | undefined>(SCOPE_KEY)?.workspaceId : undefined;
  }

  get workspaceId(): string {
    return this.current.workspaceId;
  }

  has(permission: Permission): boolean {
    return this.current.permissions.has(permission);
  }
}
