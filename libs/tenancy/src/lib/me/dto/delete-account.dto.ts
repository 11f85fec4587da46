import { IsString, MaxLength } from 'class-validator';

export class DeleteAccountDto {
  /** Your current password, asked again for this. @example "correct horse battery staple" */
  @IsString()
  @MaxLength(1024)
  password: string;
}
