import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBody, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '@keel/platform-context';
import { ApiProblem } from '@keel/platform-errors';
import { WebhookReceiptResponse } from './dto/webhook-receipt.response';
import { StripeWebhooks } from './stripe-webhooks';

@ApiTags('billing')
@Controller('v1/billing/webhooks')
export class StripeWebhooksController {
  constructor(private readonly webhooks: StripeWebhooks) {}

  /**
   * Stripe's webhook endpoint (register this URL at Stripe with the events
   * `invoice.paid`, `invoice.payment_failed`, `invoice.voided`,
   * `invoice.marked_uncollectible`). No credentials: the `Stripe-Signature`
   * header, verified over the exact body with STRIPE_WEBHOOK_SECRET and at
   * most 5 minutes old, is the authentication. Each event id is processed
   * once however often it is delivered; a late, older event does not undo a
   * newer one.
   */
  @Public()
  @Post('stripe')
  @HttpCode(200)
  @RouteConfig({ rawBody: true })
  @ApiHeader({
    name: 'Stripe-Signature',
    required: true,
    description: '`t=<unix time>,v1=<HMAC-SHA256 hex>`, as Stripe sends it.',
    schema: { type: 'string', maxLength: 1024 },
  })
  @ApiBody({
    description: 'A Stripe event object, as Stripe sends it.',
    schema: {
      type: 'object',
      required: ['id', 'object', 'type', 'created', 'data'],
      properties: {
        id: { type: 'string', maxLength: 255, example: 'evt_1QxAbc' },
        object: { type: 'string', enum: ['event'] },
        type: { type: 'string', maxLength: 255, example: 'invoice.paid' },
        created: { type: 'integer', format: 'int64', minimum: 0, maximum: 253402300799, example: 1796630400 },
        data: { type: 'object', properties: { object: { type: 'object' } } },
      },
    },
  })
  @ApiOkResponse({
    type: WebhookReceiptResponse,
    example: { received: true, result: 'accepted', eventId: 'evt_1QxAbc' },
  })
  @ApiProblem(
    'WEBHOOK_SIGNATURE_INVALID',
    'The Stripe-Signature header does not verify this body with the endpoint’s signing secret, or is more than 5 minutes old.',
  )
  @ApiProblem('BILLING_PROVIDER_NOT_CONFIGURED', 'This deployment does not take Stripe webhooks.')
  async receive(
    @Req() request: FastifyRequest & { rawBody?: Buffer },
    @Headers('stripe-signature') signature: string | undefined,
  ): Promise<WebhookReceiptResponse> {
    const receipt = await this.webhooks.receive(request.rawBody, signature);
    return { received: true, ...receipt };
  }
}
