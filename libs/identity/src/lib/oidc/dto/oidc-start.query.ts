import { IsString, MaxLength, MinLength } from 'class-validator';

export class OidcStartQuery {
  /**
   * Where to send the browser once signed in, with `?code=` for POST /v1/auth/oidc/exchange: same origin and path
   * as an entry of OIDC_REDIRECT_ALLOWLIST (400 REDIRECT_NOT_ALLOWED otherwise). @example "https://app.example.com/signed-in"
   */
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  redirectUri: string;
}
