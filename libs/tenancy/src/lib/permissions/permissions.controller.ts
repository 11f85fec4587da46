import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PERMISSION_CATALOG } from './permission-catalog';

export class PermissionResponse {
  /** @example "members:update" */
  permission: string;
  /** @example "Change the role of a member." */
  description: string;
}

export class PermissionListResponse {
  data: PermissionResponse[];
}

@ApiTags('roles')
@ApiBearerAuth()
@Controller('v1/permissions')
export class PermissionsController {
  /** The permission catalog that roles and API key scopes are built from. */
  @Get()
  list(): PermissionListResponse {
    return {
      data: Object.entries(PERMISSION_CATALOG).map(([permission, description]) => ({ permission, description })),
    };
  }
}
