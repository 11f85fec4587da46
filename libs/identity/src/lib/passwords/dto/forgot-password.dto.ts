import { Transform } from 'class-transformer';
import { IsEmail, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class ForgotPasswordDto {
  /** The account's address; the answer is the same whether or not it has an account. @example "ada@example.com" */
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email: string;
}
