import { PasswordPolicy } from '@keel/platform-crypto';
import { DomainError } from '@keel/platform-errors';

/** 422 VALIDATION_FAILED naming `field` with each reason the policy gives, so a form can show them. */
export function assertAcceptablePassword(policy: PasswordPolicy, password: string, field = 'password'): void {
  const problems = policy.check(password);
  if (problems.length > 0) {
    throw new DomainError('VALIDATION_FAILED', problems.join(' '), {
      errors: problems.map((message) => ({ field, rule: 'passwordPolicy', message })),
    });
  }
}
