import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { TransactionHost } from '@nestjs-cls/transactional';
import {
  AccountProfile,
  ActorContext,
  EmailChangeRequests,
  PeopleOnly,
  UserResponse,
  UsersService,
} from '@keel/identity';
import { SafeTypeOrmTransactionalAdapter, TenantTransactions } from '@keel/platform-database';
import { DomainError, NoStore } from '@keel/platform-errors';
import { AccountDeletion } from './account-deletion';
import { ChangeEmailDto } from './dto/change-email.dto';
import { DeleteAccountDto } from './dto/delete-account.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { MeResponse } from './me.response';
import { PersonalDataExport } from './personal-data-export';
import { PersonalDataExportResponse } from './personal-data-export.response';

@ApiTags('me')
@ApiBearerAuth()
@PeopleOnly()
@Controller('v1/me')
export class MeController {
  constructor(
    private readonly actors: ActorContext,
    private readonly users: UsersService,
    private readonly tenants: TenantTransactions,
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly profile: AccountProfile,
    private readonly emailChanges: EmailChangeRequests,
    private readonly deletion: AccountDeletion,
    private readonly personalData: PersonalDataExport,
  ) {}

  /** The signed-in user and the workspaces they belong to, with their role in each. */
  @Get()
  @NoStore()
  me(): Promise<MeResponse> {
    return this.describe(this.actors.user.userId);
  }

  /** Changes your name (the address has its own route, which asks for the password: POST /v1/me/email). */
  @Patch()
  @NoStore()
  async update(@Body() body: UpdateProfileDto): Promise<MeResponse> {
    const { userId } = this.actors.user;
    if (body.name !== undefined) await this.profile.rename(userId, body.name);
    return this.describe(userId);
  }

  /**
   * Starts moving your account to another address; needs your password (403 PASSWORD_INCORRECT, counted
   * like a failed sign-in). A link is mailed to the new address, and the account keeps its current one until
   * that link is followed (POST /v1/auth/email/verify, the same route as a verification link); the old address
   * is then told. Always 202: whether the new address already has an account is never said here (its owner
   * gets a mail saying so instead of a link). 422 when it is the current address; 429 RATE_LIMITED past
   * EMAIL_CHANGES_PER_ACCOUNT_PER_HOUR or the mails allowed to one address.
   */
  @Post('email')
  @HttpCode(202)
  async changeEmail(@Body() body: ChangeEmailDto): Promise<void> {
    await this.emailChanges.request(this.actors.user.userId, body.email, body.password);
  }

  /**
   * Deletes your account; needs your password. 409 LAST_OWNER, naming the workspaces in `workspaces`, while
   * you are the only owner of one: make someone else owner (or delete it) first. Otherwise you leave every
   * workspace (member.removed), the API keys you made are revoked, every session ends, and your name, address
   * and password are erased; a confirmation is mailed to the address. Audit rows keep your id (docs/security.md).
   */
  @Delete()
  @HttpCode(204)
  async delete(@Body() body: DeleteAccountDto): Promise<void> {
    await this.deletion.delete(this.actors.user.userId, body.password);
  }

  /**
   * Everything Keel holds about you as a person, as JSON: profile, memberships, sessions, the API keys you
   * made and the audit events about your account or done by you, in the workspaces you belong to. Never a
   * password hash, token or key secret. Sent no-store.
   */
  @Get('export')
  @NoStore()
  export(): Promise<PersonalDataExportResponse> {
    return this.personalData.of(this.actors.user.userId);
  }

  private async describe(userId: string): Promise<MeResponse> {
    // One transaction, one connection: the user row (no RLS) and the memberships its policy lets the user see.
    const { user, memberships } = await this.tenants.runInRestrictedScope({ user_id: userId }, async () => ({
      user: await this.users.findById(userId),
      memberships: (await this.txHost.tx.query(
        `SELECT m.workspace_id, w.name, m.role_key FROM memberships m
           JOIN workspaces w ON w.id = m.workspace_id
          WHERE m.user_id = $1 ORDER BY w.name, m.workspace_id`,
        [userId],
      )) as { workspace_id: string; name: string; role_key: string }[],
    }));
    if (!user) throw new DomainError('INVALID_TOKEN', 'The account of this token no longer exists.');
    return {
      ...UserResponse.of(user),
      memberships: memberships.map((row) => ({
        workspaceId: row.workspace_id,
        workspaceName: row.name,
        role: row.role_key,
      })),
    };
  }
}
