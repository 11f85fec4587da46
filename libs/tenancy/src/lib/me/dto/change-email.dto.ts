import { IsEmail, IsString, MaxLength } from 'class-validator';
import { Trim } from '@keel/platform-errors';

export class ChangeEmailDto {
  /** The new address; it becomes the account's once the link mailed to it is followed. @example "ada.king@example.com" */
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email: string;

  /** Your current password, asked again for this. @example "correct horse battery staple" */
  @IsString()
  @MaxLength(1024)
  password: string;
}
