import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Trim } from '@keel/platform-errors';
import {
  WEBHOOK_DESCRIPTION_MAX_LENGTH,
  WEBHOOK_EVENT_TYPES_MAX,
  WEBHOOK_URL_MAX_LENGTH,
  WEBHOOK_URL_MESSAGE,
  WEBHOOK_URL_OPTIONS,
} from './create-webhook-endpoint.dto';

/** The fields to change; those left out stay as they are. */
export class UpdateWebhookEndpointDto {
  /** A new URL also starts the endpoint's failure count afresh. @example "https://hooks.example.com/keel/v2" */
  @IsOptional()
  @IsString()
  @MaxLength(WEBHOOK_URL_MAX_LENGTH)
  @IsUrl(WEBHOOK_URL_OPTIONS, { message: WEBHOOK_URL_MESSAGE })
  url?: string;

  /** Types from the event catalog, or `["*"]` for every type. @example ["*"] */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES_MAX)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  eventTypes?: string[];

  /** `true` re-enables an endpoint, also one Keel disabled for failing. @example true */
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  /** @example "Production CRM sync (v2)" */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(WEBHOOK_DESCRIPTION_MAX_LENGTH)
  description?: string;
}
