import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class SignUpDto {
  /** Trimmed; unique without regard to case. @example "ada@example.com" */
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email: string;

  /** 10 to 256 characters, not one of the 10,000 most common passwords. @example "correct horse battery staple" */
  @IsString()
  password: string;

  /** @example "Ada Lovelace" */
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;
}
