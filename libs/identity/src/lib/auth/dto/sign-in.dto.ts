import { IsString, MaxLength } from 'class-validator';

export class SignInDto {
  /** @example "ada@example.com" */
  @IsString()
  @MaxLength(254)
  email: string;

  /** @example "correct horse battery staple" */
  @IsString()
  @MaxLength(1024)
  password: string;
}
