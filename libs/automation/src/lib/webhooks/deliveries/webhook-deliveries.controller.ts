import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, PageQuery, toPage } from '@keel/platform-database';
import { ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { ReplayDeliveriesDto, ReplayedDeliveriesResponse } from './dto/replay-deliveries.dto';
import { WebhookDeliveryListResponse, WebhookDeliveryResponse } from './dto/webhook-delivery.response';
import { WebhookDeliveriesService, WebhookDeliveryWithAttempts } from './webhook-deliveries.service';

function deliveryResponse({ delivery, attempts }: WebhookDeliveryWithAttempts): WebhookDeliveryResponse {
  return WebhookDeliveryResponse.of(delivery, attempts);
}

@ApiTags('webhooks')
@Controller('v1/workspaces/:workspaceId')
export class WebhookDeliveriesController {
  constructor(private readonly deliveries: WebhookDeliveriesService) {}

  /** The endpoint's deliveries, newest first, each with its attempts (status code, latency, response excerpt or error). */
  @RequirePermission('webhooks:read')
  @Get('webhook-endpoints/:endpointId/deliveries')
  async list(
    @WorkspaceParam() workspaceId: string,
    @Param('endpointId', ParseIdPipe) endpointId: string,
    @Query() query: PageQuery,
  ): Promise<WebhookDeliveryListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const deliveries = await this.deliveries.list(workspaceId, endpointId, limit, decodeIdCursor(query.cursor));
    return toPage(deliveries, limit, deliveryResponse, ({ delivery }) => [delivery.id]);
  }

  /**
   * Sends the endpoint a `webhook_endpoint.tested` message now, as a delivery
   * of its own that no other endpoint sees. 409 CONFLICT when the endpoint is disabled.
   */
  @RequirePermission('webhooks:write')
  @Post('webhook-endpoints/:endpointId/test')
  @HttpCode(202)
  async sendTest(
    @WorkspaceParam() workspaceId: string,
    @Param('endpointId', ParseIdPipe) endpointId: string,
  ): Promise<WebhookDeliveryResponse> {
    return deliveryResponse(await this.deliveries.sendTest(workspaceId, endpointId));
  }

  /**
   * Makes a new attempt now of every delivery of the endpoint created since
   * `since` that did not reach it (failed, or cancelled while it was
   * disabled); each is followed up like a retry. 409 CONFLICT when the endpoint is disabled.
   */
  @RequirePermission('webhooks:write')
  @Post('webhook-endpoints/:endpointId/replay')
  @HttpCode(202)
  async replay(
    @WorkspaceParam() workspaceId: string,
    @Param('endpointId', ParseIdPipe) endpointId: string,
    @Body() body: ReplayDeliveriesDto,
  ): Promise<ReplayedDeliveriesResponse> {
    return { replayed: await this.deliveries.replayFailed(workspaceId, endpointId, new Date(body.since)) };
  }

  /** One delivery with its attempts. */
  @RequirePermission('webhooks:read')
  @Get('deliveries/:deliveryId')
  async get(
    @WorkspaceParam() workspaceId: string,
    @Param('deliveryId', ParseIdPipe) deliveryId: string,
  ): Promise<WebhookDeliveryResponse> {
    return deliveryResponse(await this.deliveries.get(workspaceId, deliveryId));
  }

  /**
   * Makes a new attempt now, whatever the delivery's state; it is recorded
   * like any other, and a failure is retried on the schedule.
   * 409 CONFLICT when the endpoint is disabled.
   */
  @RequirePermission('webhooks:write')
  @Post('deliveries/:deliveryId/retry')
  @HttpCode(202)
  async retry(
    @WorkspaceParam() workspaceId: string,
    @Param('deliveryId', ParseIdPipe) deliveryId: string,
  ): Promise<WebhookDeliveryResponse> {
    return deliveryResponse(await this.deliveries.retry(workspaceId, deliveryId));
  }
}
