import { ApiProperty } from '@nestjs/swagger';

export class WebhookReceiptResponse {
  /** Always true: Stripe stops redelivering once it gets a 2xx. */
  received: true;

  /**
   * `accepted`: new, processed once in the background; `duplicate`: this
   * event id was received before, nothing more is done; `ignored`: not about
   * an object Keel made (no `keel_workspace_id` in its metadata).
   */
  @ApiProperty({ enum: ['accepted', 'duplicate', 'ignored'] })
  result: 'accepted' | 'duplicate' | 'ignored';

  /** Stripe's id of the event (`evt_…`). */
  eventId: string;
}
