import { IsString, MaxLength, MinLength } from 'class-validator';

export class RefreshDto {
  /** The refresh token of the last pair; it is spent by this call. @example "2J9lJ3mCk0f0R8qk1n2vXyB3cD4eF5gH6iJ7kL8mN9o" */
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  refreshToken: string;
}
