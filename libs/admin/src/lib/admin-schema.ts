import { PlatformAdmins1764000012000 } from '../migrations/1764000012000-platform-admins';
import { WorkspaceAndAccountHolds1764000012100 } from '../migrations/1764000012100-workspace-and-account-holds';
import { PlatformOverview1764000012200 } from '../migrations/1764000012200-platform-overview';
import { PlatformOverviewFigure } from './overview/platform-overview-figure.entity';
import { PlatformAdmin } from './platform-admins/platform-admin.entity';
import { PlatformAuditEvent } from './platform-audit/platform-audit-event.entity';

/** The admin context's tables: global ones (platform admins and their log), no tenant table. */
export const adminEntities = [PlatformAdmin, PlatformAuditEvent, PlatformOverviewFigure];

export const adminMigrations = [
  PlatformAdmins1764000012000,
  WorkspaceAndAccountHolds1764000012100,
  PlatformOverview1764000012200,
];
