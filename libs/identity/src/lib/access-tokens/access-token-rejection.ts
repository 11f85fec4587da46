import { errors } from 'jose';
import { DomainError } from '@keel/platform-errors';

const CLAIM_NAME = /^[a-z]{2,8}$/;

/**
 * Why jose refused a token, as the INVALID_TOKEN a client sees: a short reason
 * of our own, never jose's message (it can quote token contents). Undefined
 * when the error did not come from checking the token (a database failure,
 * say): that one is ours, not the client's.
 */
export function accessTokenRejection(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error.code === 'INVALID_TOKEN' ? error : undefined;
  if (!(error instanceof errors.JOSEError)) return undefined;
  switch (error.code) {
    case errors.JWTExpired.code:
      return invalidAccessToken(
        'The access token has expired; get a new one from POST /v1/auth/refresh with your refresh token.',
      );
    case errors.JWTClaimValidationFailed.code: {
      const claim = (error as errors.JWTClaimValidationFailed).claim;
      return invalidAccessToken(
        CLAIM_NAME.test(claim)
          ? `The access token's "${claim}" is missing or not accepted here.`
          : 'The access token has a claim that is missing or not accepted here.',
      );
    }
    case errors.JWSSignatureVerificationFailed.code:
      return invalidAccessToken('The access token signature does not verify.');
    case errors.JOSEAlgNotAllowed.code:
    case errors.JOSENotSupported.code:
      return invalidAccessToken('The access token is not signed with an accepted algorithm (EdDSA).');
    default:
      return invalidAccessToken('The access token is malformed.');
  }
}

export function invalidAccessToken(detail: string): DomainError {
  return new DomainError('INVALID_TOKEN', detail);
}
