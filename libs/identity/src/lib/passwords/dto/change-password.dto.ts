import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class ChangePasswordDto {
  /** The password the account has now. @example "correct horse battery staple" */
  @IsString()
  @MaxLength(1024)
  currentPassword: string;

  /** 10 to 256 characters, not one of the 10,000 most common passwords. @example "tr0ubadour and a l0ng l1ne" */
  @IsString()
  @ApiProperty({ maxLength: 256 })
  newPassword: string;
}
