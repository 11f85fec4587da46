import { UserResponse } from '../../users/user.response';

export class TokenPairResponse {
  user: UserResponse;
  /** EdDSA-signed JWT for `Authorization: Bearer`. @example "eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiJ9.eyJzdWIiOiIuLi4ifQ.c2ln" */
  accessToken: string;
  /** Opaque, single use: trade it for the next pair at POST /v1/auth/refresh. @example "2J9lJ3mCk0f0R8qk1n2vXyB3cD4eF5gH6iJ7kL8mN9o" */
  refreshToken: string;
  /** Seconds until the access token expires. @example 900 */
  expiresIn: number;
}
