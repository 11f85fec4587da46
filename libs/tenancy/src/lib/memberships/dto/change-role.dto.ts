import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class ChangeRoleDto {
  /** The key of a role of this workspace: owner, admin, member, viewer or a custom role's key. @example "admin" */
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,39}$/, { message: 'role must be a role key' })
  @ApiProperty({ maxLength: 40 })
  role: string;
}
