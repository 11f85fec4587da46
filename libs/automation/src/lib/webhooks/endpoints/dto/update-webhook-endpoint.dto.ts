import { PartialType } from '@nestjs/swagger';
import { CreateWebhookEndpointDto } from './create-webhook-endpoint.dto';

/**
 * The fields to change; those left out stay as they are. A new URL starts the
 * endpoint's failure count afresh; `enabled: true` re-enables an endpoint,
 * also one Keel disabled for failing. `null` is validated, not skipped: 422,
 * never a silent change.
 */
export class UpdateWebhookEndpointDto extends PartialType(CreateWebhookEndpointDto, { skipNullProperties: false }) {}
