import { IsString, IsUUID, MaxLength } from 'class-validator';

export class TransferOwnershipDto {
  /** The member who becomes owner. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a11" */
  @IsUUID()
  userId: string;

  /** The current owner's password, asked again for this. @example "correct horse battery staple" */
  @IsString()
  @MaxLength(1024)
  password: string;
}
