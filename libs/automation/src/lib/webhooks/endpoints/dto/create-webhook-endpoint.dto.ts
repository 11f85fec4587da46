import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsString,
  IsUrl,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Omittable, Trim } from '@keel/platform-errors';

export const WEBHOOK_URL_MAX_LENGTH = 2_000;
export const WEBHOOK_DESCRIPTION_MAX_LENGTH = 500;
export const WEBHOOK_EVENT_TYPES_MAX = 100;

/**
 * An absolute http(s) URL. Any host is accepted here: whether the address it
 * resolves to may be reached is decided at each attempt. Credentials in the URL
 * are refused; receivers authenticate Keel by the signature.
 */
export const WEBHOOK_URL_OPTIONS = {
  protocols: ['http', 'https'],
  require_protocol: true,
  require_tld: false,
  disallow_auth: true,
};
export const WEBHOOK_URL_MESSAGE = 'url must be an absolute http or https URL without credentials';

export class CreateWebhookEndpointDto {
  /** Where deliveries are POSTed. @example "https://hooks.example.com/keel" */
  @IsString()
  @MaxLength(WEBHOOK_URL_MAX_LENGTH)
  @IsUrl(WEBHOOK_URL_OPTIONS, { message: WEBHOOK_URL_MESSAGE })
  url: string;

  /** Types from the event catalog (GET /v1/event-types), or `["*"]` for every type. @example ["project.created", "project.transitioned"] */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES_MAX)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  eventTypes: string[];

  /** Default `true`; a disabled endpoint gets no deliveries. @example true */
  @Omittable()
  @IsBoolean()
  enabled?: boolean;

  /** @example "Production CRM sync" */
  @Omittable()
  @Trim()
  @IsString()
  @MaxLength(WEBHOOK_DESCRIPTION_MAX_LENGTH)
  description?: string;
}
