import { Injectable } from '@nestjs/common';
import { RequestContext } from '@keel/platform-context';
import { PasswordHasher } from '@keel/platform-crypto';
import { DomainError } from '@keel/platform-errors';
import { AuditLog } from '../audit/audit-log.service';
import { SignInThrottle } from '../sign-in-throttle/sign-in-throttle.service';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';

export interface PasswordConfirmationOptions {
  /** The account audit action recorded for a wrong password, e.g. `auth.password_change_failed`. */
  failedAction: string;
  /** The body field that carried the password, named in the 403's errors. */
  field: string;
}

/**
 * Asks a signed-in person for their password again before an action a stolen
 * access token must not be enough for (a new password, a new address, closing
 * the account). A wrong password is 403 PASSWORD_INCORRECT and counts as a
 * failed sign-in of the account and the client address, so guessing through
 * these routes meets the sign-in throttle (429 TOO_MANY_ATTEMPTS).
 */
@Injectable()
export class PasswordConfirmation {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: SignInThrottle,
    private readonly audit: AuditLog,
    private readonly request: RequestContext,
  ) {}

  /** The user, once `password` proved to be theirs. */
  async confirm(userId: string, password: string, options: PasswordConfirmationOptions): Promise<User> {
    const user = await this.users.findById(userId);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'The account of this session no longer exists.');
    const subject = { email: user.email, clientAddress: this.request.clientAddress };
    await this.throttle.admit(subject);
    if (user.passwordHash === null) {
      // An account made by an OpenID Provider: nothing to compare with, and nothing to learn by guessing.
      throw new DomainError(
        'PASSWORD_INCORRECT',
        'This account has no password (it signs in through an identity provider); set one with POST /v1/auth/password/forgot.',
        { errors: [{ field: options.field, rule: 'passwordMatches', message: 'this account has no password' }] },
      );
    }
    if (!(await this.hasher.verify(user.passwordHash, password))) {
      await this.audit.recordForAccount({ action: options.failedAction, subjectUserId: user.id });
      const message = options.field === 'password' ? 'The password is wrong.' : 'The current password is wrong.';
      throw new DomainError('PASSWORD_INCORRECT', message, {
        errors: [{ field: options.field, rule: 'passwordMatches', message }],
      });
    }
    await this.throttle.recordSuccess(subject);
    return user;
  }
}
