import { RequireStepUp } from '@keel/identity';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission } from '../workspace-scope/require-permission.decorator';
import { WorkspaceParam } from '../workspace-scope/workspace-param.decorator';
import { CreateRoleDto } from './dto/create-role.dto';
import { RoleListResponse, RoleResponse } from './dto/role.response';
import { UpdateRoleDto } from './dto/update-role.dto';
import { RolesService } from './roles.service';

@ApiTags('roles')
@Controller('v1/workspaces/:workspaceId/roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  /** The built-in roles and the workspace's custom roles, with their permissions. */
  @RequirePermission('roles:read')
  @Get()
  async list(@WorkspaceParam() workspaceId: string): Promise<RoleListResponse> {
    return { data: (await this.roles.list(workspaceId)).map(RoleResponse.of), nextCursor: null };
  }

  /**
   * A custom role from the permission catalog, holding only permissions you hold: 403 PERMISSION_DENIED
   * naming one you lack, 422 for an unknown or owner-only permission (workspace:delete, ownership:transfer),
   * 409 ROLE_KEY_TAKEN.
   */
  @RequirePermission('roles:write')
  @RequireStepUp()
  @Post()
  async create(@WorkspaceParam() workspaceId: string, @Body() body: CreateRoleDto): Promise<RoleResponse> {
    return RoleResponse.of(await this.roles.create(workspaceId, body));
  }

  /**
   * Changes a custom role; members holding it get the new permissions at once. New permissions follow the
   * rules of creating a role, and changing them needs every permission the role had (403 otherwise).
   */
  @RequirePermission('roles:write')
  @RequireStepUp()
  @Patch(':roleId')
  async update(
    @WorkspaceParam() workspaceId: string,
    @Param('roleId', ParseIdPipe) roleId: string,
    @Body() body: UpdateRoleDto,
  ): Promise<RoleResponse> {
    return RoleResponse.of(await this.roles.update(workspaceId, roleId, body));
  }

  /** Deletes a custom role no member holds and no invite names (409 ROLE_IN_USE otherwise). */
  @RequirePermission('roles:write')
  @RequireStepUp()
  @Delete(':roleId')
  @HttpCode(204)
  async delete(@WorkspaceParam() workspaceId: string, @Param('roleId', ParseIdPipe) roleId: string): Promise<void> {
    await this.roles.delete(workspaceId, roleId);
  }
}
