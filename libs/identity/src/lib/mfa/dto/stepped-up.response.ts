/** A new access token for the same session, carrying its fresh proof. */
export class SteppedUpResponse {
  /** @example "eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiJ9.eyJzdWIiOiIuLi4ifQ.c2ln" */
  accessToken: string;
  /** Seconds until it expires. @example 900 */
  expiresIn: number;
  /** The session's assurance level now. @example "aal2" */
  aal: 'aal1' | 'aal2';
}
