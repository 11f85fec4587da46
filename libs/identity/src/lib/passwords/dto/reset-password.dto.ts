import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class ResetPasswordDto {
  /** The `token` parameter of the link in the reset mail. @example "q3v8Zk2xW0nT5yL7bR1cD9eF4gH6iJ8kM0oP2sU4wA" */
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  token: string;

  /** The new password: 10 to 256 characters, not one of the 10,000 most common passwords. @example "correct horse battery staple" */
  @IsString()
  @ApiProperty({ maxLength: 256 })
  password: string;
}
