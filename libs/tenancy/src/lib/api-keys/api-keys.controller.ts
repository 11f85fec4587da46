import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ActorContext, ApiKeyResponse, ApiKeysService, AuditLog, CreatedApiKeyResponse, RequireStepUp } from '@keel/identity';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, PageQuery, toPage } from '@keel/platform-database';
import { DomainError, NoStore, ParseIdPipe } from '@keel/platform-errors';
import { assertKnownPermissions } from '../roles/roles.service';
import { RequirePermission } from '../workspace-scope/require-permission.decorator';
import { WorkspaceParam } from '../workspace-scope/workspace-param.decorator';
import { WorkspaceScope } from '../workspace-scope/workspace-scope';
import { Entitlements } from '../entitlements/entitlements';
import { ApiKeyRevocations } from './api-key-revocations';
import { ApiKeyListResponse } from './dto/api-key-list.response';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { isPermission } from '../permissions/permission-catalog';
import { API_KEY_CREATED, TENANCY_EVENT_VERSION } from '../workspace-events/tenancy-event-types';
import { WorkspaceEvents } from '../workspace-events/workspace-events';

/** Permissions whose routes need a signed-in person (they ask for a password): never a key's. */
const PERSONAL_PERMISSIONS: ReadonlySet<string> = new Set(['ownership:transfer']);

@ApiTags('api-keys')
@Controller('v1/workspaces/:workspaceId/api-keys')
export class ApiKeysController {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly scope: WorkspaceScope,
    private readonly actors: ActorContext,
    private readonly audit: AuditLog,
    private readonly events: WorkspaceEvents,
    private readonly revocations: ApiKeyRevocations,
    private readonly entitlements: Entitlements,
  ) {}

  /**
   * Mints a key for this workspace. The key is in this response only; Keel
   * keeps its SHA-256. Scopes must be in the catalog and held by the creator.
   */
  @RequirePermission('api-keys:write')
  @RequireStepUp()
  @Post()
  @NoStore()
  async create(@WorkspaceParam() workspaceId: string, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    assertKnownPermissions(body.scopes, 'scopes');
    const personal = body.scopes
      .map((scope, index) => ({ scope, index }))
      .filter(({ scope }) => PERSONAL_PERMISSIONS.has(scope));
    if (personal.length > 0) {
      throw new DomainError(
        'VALIDATION_FAILED',
        'Ownership transfer needs a person and their password; no key can hold it.',
        {
          errors: personal.map(({ scope, index }) => ({
            field: `scopes[${index}]`,
            rule: 'personalPermission',
            message: `"${scope}" cannot be given to an API key`,
          })),
        },
      );
    }
    const beyond = body.scopes.filter((scope) => isPermission(scope) && !this.scope.has(scope));
    if (beyond.length > 0) {
      throw new DomainError('PERMISSION_DENIED', `A key cannot have permissions you lack: ${beyond.join(', ')}.`, {
        extensions: { permission: beyond[0] },
      });
    }
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : undefined;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw new DomainError('VALIDATION_FAILED', 'expiresAt must be in the future.', {
        errors: [{ field: 'expiresAt', rule: 'future', message: 'expiresAt must be in the future' }],
      });
    }
    await this.entitlements.assertWithinLimit(workspaceId, 'api_keys');
    const actor = this.actors.actor;
    const created = await this.apiKeys.create(workspaceId, {
      name: body.name,
      scopes: body.scopes,
      expiresAt,
      createdBy: actor.kind === 'user' ? actor.userId : undefined,
    });
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'api_key.created',
      target: { type: 'api-key', id: created.id },
      data: { name: created.name, scopes: created.scopes, prefix: created.prefix },
    });
    await this.events.publish(workspaceId, {
      type: API_KEY_CREATED,
      version: TENANCY_EVENT_VERSION,
      data: {
        apiKey: {
          id: created.id,
          name: created.name,
          prefix: created.prefix,
          scopes: created.scopes,
          expiresAt: created.expiresAt,
          createdBy: actor.kind === 'user' ? actor.userId : null,
        },
      },
    });
    return created;
  }

  /** The workspace's keys, newest first; never their secrets. */
  @RequirePermission('api-keys:read')
  @Get()
  async list(@WorkspaceParam() workspaceId: string, @Query() query: PageQuery): Promise<ApiKeyListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const keys = await this.apiKeys.list(workspaceId, limit, decodeIdCursor(query.cursor));
    return toPage(keys, limit, ApiKeyResponse.of, (key) => [key.id]);
  }

  /** Revokes a key: requests bearing it are 401 from now on. */
  @RequirePermission('api-keys:write')
  @Delete(':keyId')
  @HttpCode(204)
  async revoke(@WorkspaceParam() workspaceId: string, @Param('keyId', ParseIdPipe) keyId: string): Promise<void> {
    await this.revocations.revoke(workspaceId, keyId);
  }
}
