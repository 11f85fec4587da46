import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeIdCursor } from '@keel/platform-database';
import { ParseIdPipe } from '@keel/platform-errors';
import { AdminRoute } from '../platform-admins/admin-route.decorator';
import {
  AdminSignOutResponse,
  AdminUserDetailResponse,
  AdminUserListResponse,
  AdminUserQuery,
} from './dto/admin-user.dto';
import { AdminUsers } from './admin-users.service';

@ApiTags('admin')
@Controller('v1/admin/users')
export class AdminUsersController {
  constructor(private readonly users: AdminUsers) {}

  /**
   * Every account of the platform, newest first: whether it is disabled or a
   * platform admin, how many workspaces it belongs to, its last sign-in. `q`
   * matches part of the email or name, or the whole id. Platform admins only.
   */
  @Get()
  @AdminRoute('users.list')
  list(@Query() query: AdminUserQuery): Promise<AdminUserListResponse> {
    return this.users.list(query.q, query.limit ?? DEFAULT_PAGE_SIZE, decodeIdCursor(query.cursor));
  }

  /** One account with its memberships across workspaces and its active sessions. Platform admins only. */
  @Get(':userId')
  @AdminRoute('users.get')
  get(@Param('userId', ParseIdPipe) userId: string): Promise<AdminUserDetailResponse> {
    return this.users.detail(userId);
  }

  /**
   * Disables the account: every session is revoked at once and sign-in
   * answers 403 ACCOUNT_DISABLED until it is enabled. Recorded in the
   * account's own audit trail too. Platform admins only.
   */
  @Post(':userId/disable')
  @HttpCode(200)
  @AdminRoute('users.disable')
  disable(@Param('userId', ParseIdPipe) userId: string): Promise<AdminUserDetailResponse> {
    return this.users.disable(userId);
  }

  /** Lets a disabled account sign in again. Platform admins only. */
  @Post(':userId/enable')
  @HttpCode(200)
  @AdminRoute('users.enable')
  enable(@Param('userId', ParseIdPipe) userId: string): Promise<AdminUserDetailResponse> {
    return this.users.enable(userId);
  }

  /** Revokes every active session of the account (each device signs in again). Platform admins only. */
  @Post(':userId/sign-out')
  @HttpCode(200)
  @AdminRoute('users.sign_out')
  signOut(@Param('userId', ParseIdPipe) userId: string): Promise<AdminSignOutResponse> {
    return this.users.signOutEverywhere(userId);
  }
}
