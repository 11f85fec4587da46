import { IsIn, IsString } from 'class-validator';
import { PERMISSION_CATALOG, Permission } from '../../permissions/permission-catalog';

export class ExplainAccessQuery {
  /** A permission of the catalog (GET /v1/permissions). @example "projects:write" */
  @IsString()
  @IsIn(Object.keys(PERMISSION_CATALOG), { message: 'permission must be one of the catalog at GET /v1/permissions' })
  permission: Permission;
}
