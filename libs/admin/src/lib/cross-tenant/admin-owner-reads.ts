import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { runAsPlatformOwner } from '@keel/platform-database';

/**
 * The one door through which the admin routes read across workspaces: a
 * transaction of its own as keel_owner in no workspace, where tenant tables
 * show their rows only through the read-only `*_platform_admin_read`
 * policies (migrations WorkspaceAndAccountHolds, AdminDocumentReads). Only libs/admin holds it,
 * and only behind the platform admin guard; writes to a workspace go through
 * a tenant transaction of that workspace instead.
 */
@Injectable()
export class AdminOwnerReads {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  acrossWorkspaces<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    return runAsPlatformOwner(this.dataSource, async (manager) => {
      // Read-only: a bug here cannot change a workspace's rows.
      await manager.query('SET TRANSACTION READ ONLY');
      // Counts include restricted documents (documents' visibility policy asks who may see them).
      await manager.query(`SELECT set_config('app.documents_restricted', 'on', true)`);
      return fn(manager);
    });
  }
}
