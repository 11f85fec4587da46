import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ActorContext } from '@keel/identity';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, PageQuery, toPage } from '@keel/platform-database';
import { NoStore, ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission } from '../workspace-scope/require-permission.decorator';
import { WorkspaceParam } from '../workspace-scope/workspace-param.decorator';
import { CreateInviteDto } from './dto/create-invite.dto';
import { CreatedInviteResponse, InviteListResponse, InviteResponse } from './dto/invite.response';
import { InvitesService } from './invites.service';

@ApiTags('invites')
@Controller('v1/workspaces/:workspaceId/invites')
export class InvitesController {
  constructor(
    private readonly invites: InvitesService,
    private readonly actors: ActorContext,
  ) {}

  /**
   * Invites an email address with a role and mails the link. You must hold every permission of the role
   * (403 PERMISSION_DENIED naming the first you lack). The token is in this response and the mail only.
   */
  @RequirePermission('invites:write')
  @Post()
  @NoStore()
  create(@WorkspaceParam() workspaceId: string, @Body() body: CreateInviteDto): Promise<CreatedInviteResponse> {
    const actor = this.actors.actor;
    return this.invites.create(workspaceId, actor.kind === 'user' ? actor.userId : undefined, body);
  }

  /** The workspace's invites, newest first, with their status. */
  @RequirePermission('invites:read')
  @Get()
  async list(@WorkspaceParam() workspaceId: string, @Query() query: PageQuery): Promise<InviteListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const invites = await this.invites.list(workspaceId, limit, decodeIdCursor(query.cursor));
    return toPage(invites, limit, InviteResponse.of, (invite) => [invite.id]);
  }

  /** Revokes an invite: its link answers 410 INVITE_REVOKED. */
  @RequirePermission('invites:write')
  @Delete(':inviteId')
  @HttpCode(204)
  async revoke(@WorkspaceParam() workspaceId: string, @Param('inviteId', ParseIdPipe) inviteId: string): Promise<void> {
    await this.invites.revoke(workspaceId, inviteId);
  }

  /**
   * Mails a new link with a fresh expiry; the previous link stops working. Offers the role anew, so it needs
   * every permission of the role, as inviting does.
   */
  @RequirePermission('invites:write')
  @Post(':inviteId/resend')
  @NoStore()
  @HttpCode(200)
  resend(
    @WorkspaceParam() workspaceId: string,
    @Param('inviteId', ParseIdPipe) inviteId: string,
  ): Promise<CreatedInviteResponse> {
    return this.invites.resend(workspaceId, inviteId);
  }
}
