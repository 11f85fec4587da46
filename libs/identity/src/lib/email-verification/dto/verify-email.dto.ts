import { IsString, MaxLength, MinLength } from 'class-validator';

export class VerifyEmailDto {
  /** The `token` parameter of the link in the verification mail. @example "q3v8Zk2xW0nT5yL7bR1cD9eF4gH6iJ8kM0oP2sU4wA" */
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  token: string;
}
