import { ApiProperty } from '@nestjs/swagger';
import { HTTP_TOOL_METHODS } from '../http/http-tool-registration';
import { Allow } from 'class-validator';

/** Checked as a whole by the registration's own rules: 422 TOOL_INVALID names each problem at its JSON path. */
export class HttpToolRequestDto {
  /** `GET`, `POST`, `PUT`, `PATCH` or `DELETE`. @example "GET" */
  @ApiProperty({ enum: HTTP_TOOL_METHODS })
  method: string;
  /** Absolute http(s) URL with its host written out; `{{input.name}}` and `{{secrets.NAME}}` only in the path and query (percent-encoded there). @example "https://crm.example.com/v2/contacts?email={{input.email}}" */
  @ApiProperty({ maxLength: 2000 })
  url: string;
  /** `{{…}}` placeholders are filled in as text. @example {"authorization":"Bearer {{secrets.CRM_TOKEN}}"} */
  @ApiProperty({ maxProperties: 50, additionalProperties: { type: 'string', maxLength: 8192 } })
  headers?: Record<string, string>;
  /** Any JSON, sent as the JSON body; a string that is exactly one placeholder takes the value itself. Not for GET. @example {"email":"{{input.email}}"} */
  bodyTemplate?: unknown;
}

export class HttpToolAnnotationsDto {
  /** Default false. @example true */
  readOnly?: boolean;
  /** Default: not read-only. @example false */
  destructive?: boolean;
  /** Default: read-only. @example true */
  idempotent?: boolean;
  /** Always true: an HTTP tool reaches outside Keel. @example true */
  openWorld?: boolean;
}

export class RegisterToolDto {
  /** Unique in the workspace, never a built-in tool's namespace (`projects.…`). @example "crm.lookup" */
  @Allow()
  @ApiProperty({ maxLength: 256 })
  name: string;

  /** What a model reads to choose the tool. @example "Finds a contact of our CRM by email address." */
  @Allow()
  @ApiProperty({ maxLength: 2000 })
  description: string;

  /** JSON Schema of the input (`type: object`); a call whose input does not match is INVALID_ARGUMENTS. @example {"type":"object","required":["email"],"properties":{"email":{"type":"string","format":"email","maxLength":254}},"additionalProperties":false} */
  @Allow()
  inputSchema: Record<string, unknown>;

  @Allow()
  request: HttpToolRequestDto;

  /** The workspace secrets the request may have filled in; no other is ever given to it. @example ["CRM_TOKEN"] */
  @Allow()
  @ApiProperty({ maxItems: 20, items: { type: 'string', maxLength: 100 } })
  secrets?: string[];

  @Allow()
  annotations?: HttpToolAnnotationsDto;
}
