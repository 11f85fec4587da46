import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { TransactionHost } from '@nestjs-cls/transactional';
import { ActorContext, PeopleOnly, UserResponse, UsersService } from '@keel/identity';
import { SafeTypeOrmTransactionalAdapter, TenantTransactions } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { MeResponse } from './me.response';

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
  ) {}

  /** The signed-in user and the workspaces they belong to, with their role in each. */
  @Get()
  async me(): Promise<MeResponse> {
    const { userId } = this.actors.user;
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
