import { User } from './user.entity';

export class UserResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  id: string;
  /** @example "ada@example.com" */
  email: string;
  /** @example "Ada Lovelace" */
  name: string;
  /** Whether the address was confirmed through the link in the verification mail. @example true */
  emailVerified: boolean;

  static of(user: User): UserResponse {
    return { id: user.id, email: user.email, name: user.name, emailVerified: user.emailVerifiedAt !== null };
  }
}
