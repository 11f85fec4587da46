import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PERMISSION_CATALOG } from './permission-catalog';
import { PermissionListResponse } from './permission.response';

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
