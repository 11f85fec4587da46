import { IsEmail, MaxLength } from 'class-validator';
import { Trim } from '@keel/platform-errors';

export class ForgotPasswordDto {
  /** The account's address; the answer is the same whether or not it has an account. @example "ada@example.com" */
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email: string;
}
