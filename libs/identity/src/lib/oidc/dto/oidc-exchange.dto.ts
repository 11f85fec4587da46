import { IsString, MaxLength, MinLength } from 'class-validator';

export class OidcExchangeDto {
  /** The `code` the sign-in's redirect carried; single use, valid for 60 seconds. @example "bG9uZy1yYW5kb20tc2lnbi1pbi1jb2RlLWZvci10aGUtY2xpZW50" */
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  code: string;
}
