import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeCursor, PageQuery, toPage } from '@keel/platform-database';
import { ApiProblem } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { CreateSecretDto, ReplaceSecretDto } from './dto/secret.dto';
import { SecretListResponse, SecretResponse } from './dto/secret.response';
import { SECRET_NAME_PATTERN } from './secret-name';
import { secretNotFound, WorkspaceSecretsService } from './workspace-secrets.service';

/** A name no secret can have is no secret of this workspace: 404, as for any other missing one. */
function secretName(name: string): string {
  if (!SECRET_NAME_PATTERN.test(name)) throw secretNotFound(name.slice(0, 100));
  return name;
}

@ApiTags('ai-tools')
@Controller('v1/workspaces/:workspaceId/secrets')
export class SecretsController {
  constructor(private readonly secrets: WorkspaceSecretsService) {}

  /** Stores a secret for the workspace's HTTP tools: its value is sealed at rest and never answered again. */
  @RequirePermission('secrets:manage')
  @Post()
  @ApiProblem('SECRET_NAME_TAKEN', 'The workspace already has a secret named CRM_TOKEN.')
  async create(@WorkspaceParam() workspaceId: string, @Body() body: CreateSecretDto): Promise<SecretResponse> {
    return SecretResponse.of(await this.secrets.create(workspaceId, body));
  }

  /** The workspace's secrets by name, without their values. */
  @RequirePermission('secrets:manage')
  @Get()
  async list(@WorkspaceParam() workspaceId: string, @Query() query: PageQuery): Promise<SecretListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const [afterName] = decodeCursor(query.cursor, 1) ?? [];
    const rows = await this.secrets.list(workspaceId, limit, afterName);
    return toPage(rows, limit, SecretResponse.of, (secret) => [secret.name]);
  }

  /** Replaces the value (and optionally the description): a new version. */
  @RequirePermission('secrets:manage')
  @Put(':name')
  async replace(
    @WorkspaceParam() workspaceId: string,
    @Param('name') name: string,
    @Body() body: ReplaceSecretDto,
  ): Promise<SecretResponse> {
    return SecretResponse.of(await this.secrets.replace(workspaceId, secretName(name), body));
  }

  /** Removes the secret; 409 SECRET_IN_USE while a tool names it. */
  @RequirePermission('secrets:manage')
  @Delete(':name')
  @HttpCode(204)
  @ApiProblem('SECRET_IN_USE', 'The secret CRM_TOKEN is named by the tool(s) crm.lookup: remove them first.', {
    tools: ['crm.lookup'],
  })
  async remove(@WorkspaceParam() workspaceId: string, @Param('name') name: string): Promise<void> {
    await this.secrets.remove(workspaceId, secretName(name));
  }
}
