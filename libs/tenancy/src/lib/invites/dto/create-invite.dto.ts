import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Matches, MaxLength } from 'class-validator';
import { Trim } from '@keel/platform-errors';

export class CreateInviteDto {
  /** @example "grace@example.com" */
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email: string;

  /** The key of a role of this workspace. @example "member" */
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,39}$/, { message: 'role must be a role key' })
  @ApiProperty({ maxLength: 40 })
  role: string;
}
