import { DomainError } from '@keel/platform-errors';

/** 422 BUNDLE_INVALID: not a Keel bundle this deployment can read, with what is wrong with it. */
export function bundleInvalid(detail: string): DomainError {
  return new DomainError('BUNDLE_INVALID', detail);
}
