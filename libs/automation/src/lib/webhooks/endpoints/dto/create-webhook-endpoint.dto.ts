import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { Trim } from '@keel/platform-errors';

export const WEBHOOK_URL_MAX_LENGTH = 2_000;
export const WEBHOOK_DESCRIPTION_MAX_LENGTH = 500;
export const WEBHOOK_EVENT_TYPES_MAX = 100;

export const WEBHOOK_URL_MESSAGE = 'url must be an absolute http or https URL without credentials';

/**
 * An absolute http(s) URL as WHATWG URL parsing (the sender's) reads it, so
 * every spelling of an address gets here and is judged by where it leads
 * (webhookTargetRefusal, in the service), not by how it is written.
 * Credentials in the URL are refused; receivers authenticate Keel by the signature.
 */
function IsWebhookUrl(): PropertyDecorator {
  return ValidateBy({
    name: 'isWebhookUrl',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string' || !URL.canParse(value)) return false;
        const url = new URL(value);
        return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
      },
      defaultMessage: () => WEBHOOK_URL_MESSAGE,
    },
  });
}

export class CreateWebhookEndpointDto {
  /** Where deliveries are POSTed. @example "https://hooks.example.com/keel" */
  @IsString()
  @MaxLength(WEBHOOK_URL_MAX_LENGTH)
  @IsWebhookUrl()
  url: string;

  /** Types from the event catalog (GET /v1/event-types), or `["*"]` for every type. @example ["project.created", "project.transitioned"] */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES_MAX)
  @ApiProperty({ maxItems: WEBHOOK_EVENT_TYPES_MAX })
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  eventTypes: string[];

  /** Default `true`; a disabled endpoint gets no deliveries. @example true */
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  /** @example "Production CRM sync" */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(WEBHOOK_DESCRIPTION_MAX_LENGTH)
  description?: string;
}
