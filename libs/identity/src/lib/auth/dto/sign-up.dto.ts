import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { Trim } from '@keel/platform-errors';

export class SignUpDto {
  /** Trimmed; unique without regard to case. @example "ada@example.com" */
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email: string;

  /** 10 to 256 characters, not one of the 10,000 most common passwords. @example "correct horse battery staple" */
  @IsString()
  @ApiProperty({ maxLength: 256 })
  password: string;

  /** @example "Ada Lovelace" */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;
}
