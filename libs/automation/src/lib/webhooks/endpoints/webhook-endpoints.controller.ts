import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, PageQuery, toPage } from '@keel/platform-database';
import { NoStore, ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { CreateWebhookEndpointDto } from './dto/create-webhook-endpoint.dto';
import { UpdateWebhookEndpointDto } from './dto/update-webhook-endpoint.dto';
import {
  CreatedWebhookEndpointResponse,
  WebhookEndpointListResponse,
  WebhookEndpointResponse,
} from './dto/webhook-endpoint.response';
import { WebhookEndpointsService } from './webhook-endpoints.service';

@ApiTags('webhooks')
@Controller('v1/workspaces/:workspaceId/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  /**
   * Registers a URL to receive the workspace's events as signed webhooks
   * (Standard Webhooks). The signing secret is in this response only.
   * Unknown event types are 422 VALIDATION_FAILED.
   */
  @RequirePermission('webhooks:write')
  @Post()
  @NoStore()
  async create(
    @WorkspaceParam() workspaceId: string,
    @Body() body: CreateWebhookEndpointDto,
  ): Promise<CreatedWebhookEndpointResponse> {
    const { endpoint, secret } = await this.endpoints.create(workspaceId, body);
    return { ...WebhookEndpointResponse.of(endpoint), secret };
  }

  /** The workspace's endpoints, newest first; never their secrets. */
  @RequirePermission('webhooks:read')
  @Get()
  async list(@WorkspaceParam() workspaceId: string, @Query() query: PageQuery): Promise<WebhookEndpointListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const endpoints = await this.endpoints.list(workspaceId, limit, decodeIdCursor(query.cursor));
    return toPage(endpoints, limit, WebhookEndpointResponse.of, (endpoint) => [endpoint.id]);
  }

  /** One endpoint; never its secret. */
  @RequirePermission('webhooks:read')
  @Get(':endpointId')
  async get(
    @WorkspaceParam() workspaceId: string,
    @Param('endpointId', ParseIdPipe) endpointId: string,
  ): Promise<WebhookEndpointResponse> {
    return WebhookEndpointResponse.of(await this.endpoints.get(workspaceId, endpointId));
  }

  /** Changes the URL, event types, description or `enabled`; `enabled: true` also re-enables an endpoint Keel disabled. */
  @RequirePermission('webhooks:write')
  @Patch(':endpointId')
  async update(
    @WorkspaceParam() workspaceId: string,
    @Param('endpointId', ParseIdPipe) endpointId: string,
    @Body() body: UpdateWebhookEndpointDto,
  ): Promise<WebhookEndpointResponse> {
    return WebhookEndpointResponse.of(await this.endpoints.update(workspaceId, endpointId, body));
  }

  /**
   * A new signing secret, in this response only. The old one keeps signing
   * for 24 hours beside it (`previousSecretExpiresAt`): every attempt
   * meanwhile carries both signatures, so receivers can switch at leisure.
   */
  @RequirePermission('webhooks:write')
  @Post(':endpointId/rotate-secret')
  @HttpCode(200)
  @NoStore()
  async rotateSecret(
    @WorkspaceParam() workspaceId: string,
    @Param('endpointId', ParseIdPipe) endpointId: string,
  ): Promise<CreatedWebhookEndpointResponse> {
    const { endpoint, secret } = await this.endpoints.rotateSecret(workspaceId, endpointId);
    return { ...WebhookEndpointResponse.of(endpoint), secret };
  }

  /** Deletes the endpoint and its deliveries; attempts not yet made are not made. */
  @RequirePermission('webhooks:write')
  @Delete(':endpointId')
  @HttpCode(204)
  async delete(
    @WorkspaceParam() workspaceId: string,
    @Param('endpointId', ParseIdPipe) endpointId: string,
  ): Promise<void> {
    await this.endpoints.delete(workspaceId, endpointId);
  }
}
