import { PlatformAdmins1764000012000 } from '../migrations/1764000012000-platform-admins';
import { WorkspaceAndAccountHolds1764000012100 } from '../migrations/1764000012100-workspace-and-account-holds';
import { PlatformOverview1764000012200 } from '../migrations/1764000012200-platform-overview';
import { Impersonations1764000012300 } from '../migrations/1764000012300-impersonations';
import { AdminDocumentReads1764000015800 } from '../migrations/1764000015800-admin-document-reads';
import { WorkspaceExportsAndImports1764000020000 } from '../migrations/1764000020000-workspace-exports-and-imports';
import { PlatformImport } from './bundles/platform-import.entity';
import { WorkspaceExport } from './bundles/workspace-export.entity';
import { Impersonation } from './impersonations/impersonation.entity';
import { PlatformOverviewFigure } from './overview/platform-overview-figure.entity';
import { PlatformAdmin } from './platform-admins/platform-admin.entity';
import { PlatformAuditEvent } from './platform-audit/platform-audit-event.entity';

/**
 * The admin context's tables: global ones (platform admins and their log, the
 * overview, impersonations, imports) and one tenant table, a workspace's exports.
 */
export const adminEntities = [
  PlatformAdmin,
  PlatformAuditEvent,
  PlatformOverviewFigure,
  Impersonation,
  WorkspaceExport,
  PlatformImport,
];

export const adminMigrations = [
  PlatformAdmins1764000012000,
  WorkspaceAndAccountHolds1764000012100,
  PlatformOverview1764000012200,
  Impersonations1764000012300,
  AdminDocumentReads1764000015800,
  WorkspaceExportsAndImports1764000020000,
];
