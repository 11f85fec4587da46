import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ActorContext, PeopleOnly, RequireStepUp } from '@keel/identity';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, PageQuery, toPage } from '@keel/platform-database';
import { ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission } from '../workspace-scope/require-permission.decorator';
import { WorkspaceParam } from '../workspace-scope/workspace-param.decorator';
import { ChangeRoleDto } from './dto/change-role.dto';
import { MemberListResponse, MemberResponse } from './dto/member.response';
import { TransferOwnershipDto } from './dto/transfer-ownership.dto';
import { MembershipsService } from './memberships.service';

@ApiTags('members')
@Controller('v1/workspaces/:workspaceId')
export class MembersController {
  constructor(
    private readonly memberships: MembershipsService,
    private readonly actors: ActorContext,
  ) {}

  /** The workspace's members with their roles, by user id. */
  @RequirePermission('members:read')
  @Get('members')
  async list(@WorkspaceParam() workspaceId: string, @Query() query: PageQuery): Promise<MemberListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const members = await this.memberships.list(workspaceId, limit, decodeIdCursor(query.cursor));
    return toPage(
      members,
      limit,
      (member) => member,
      (member) => [member.userId],
    );
  }

  /**
   * Changes a member's role. You must hold every permission of the new role and of the member's current one
   * (403 PERMISSION_DENIED naming the first you lack); only owners touch the owner role; the last owner stays
   * (409 LAST_OWNER).
   */
  @RequirePermission('members:update')
  @RequireStepUp()
  @Patch('members/:userId')
  changeRole(
    @WorkspaceParam() workspaceId: string,
    @Param('userId', ParseIdPipe) userId: string,
    @Body() body: ChangeRoleDto,
  ): Promise<MemberResponse> {
    return this.memberships.changeRole(workspaceId, userId, body.role);
  }

  /**
   * Removes a member, which needs every permission of their role (403 otherwise); with your own user id,
   * leaves the workspace (no permission needed).
   */
  @RequirePermission('members:remove', { unlessSelf: 'userId' })
  @Delete('members/:userId')
  @HttpCode(204)
  async remove(@WorkspaceParam() workspaceId: string, @Param('userId', ParseIdPipe) userId: string): Promise<void> {
    const actor = this.actors.actor;
    await this.memberships.remove(workspaceId, userId, actor.kind === 'user' && actor.userId === userId);
  }

  /** Makes another member the owner; the caller (an owner) becomes an admin. Needs the caller's password. */
  @RequirePermission('ownership:transfer')
  @RequireStepUp()
  @PeopleOnly()
  @Post('ownership-transfer')
  @HttpCode(204)
  async transferOwnership(@WorkspaceParam() workspaceId: string, @Body() body: TransferOwnershipDto): Promise<void> {
    await this.memberships.transferOwnership(workspaceId, this.actors.user.userId, body.userId, body.password);
  }
}
