import { Transform } from 'class-transformer';
import { IsEmail, IsString, Matches, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateInviteDto {
  /** @example "grace@example.com" */
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email: string;

  /** The key of a role of this workspace. @example "member" */
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,39}$/, { message: 'role must be a role key' })
  role: string;
}
