import { Injectable } from '@nestjs/common';
import { commonPasswords } from './common-passwords';

/** Shortest and longest password accepted, in Unicode code points. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * Which passwords may be set: long enough, not absurdly long (argon2 would
 * still hash it, but nobody types 257 characters and a cap bounds the work),
 * and not among the 10,000 most common. No composition rules: NIST SP 800-63B
 * advises against them, length and a block list do the work.
 */
@Injectable()
export class PasswordPolicy {
  constructor() {
    // Build the set now, at start-up, rather than during the first sign-up.
    commonPasswords();
  }

  /** The reasons the password is refused, in words a user can act on; empty when it is acceptable. */
  check(password: string): string[] {
    const problems: string[] = [];
    // Code points, not UTF-16 units: an emoji is one character to the person typing it.
    const length = [...password].length;
    if (length < PASSWORD_MIN_LENGTH) {
      problems.push(`Password must be at least ${PASSWORD_MIN_LENGTH} characters long.`);
    }
    if (length > PASSWORD_MAX_LENGTH) {
      problems.push(`Password must be at most ${PASSWORD_MAX_LENGTH} characters long.`);
    }
    if (commonPasswords().has(password.toLowerCase())) {
      problems.push('Password is too common; choose one that is harder to guess.');
    }
    return problems;
  }
}
