/**
 * How far apart the clocks of Keel's processes and of other verifiers may be,
 * in seconds: tolerated on `exp`/`iat`, and added to how long a retired key
 * stays published, so a token signed just before a rotation still verifies.
 */
export const ACCESS_TOKEN_CLOCK_TOLERANCE_SECONDS = 30;
