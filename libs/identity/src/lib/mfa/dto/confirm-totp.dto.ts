import { IsString, Matches, MaxLength } from 'class-validator';

export class ConfirmTotpDto {
  /** The six digits the authenticator app shows now, proving it holds the secret. @example "492039" */
  @IsString()
  @Matches(/^\s*\d{6}\s*$/, { message: 'code must be the six digits of the authenticator app' })
  @MaxLength(64)
  code: string;
}
