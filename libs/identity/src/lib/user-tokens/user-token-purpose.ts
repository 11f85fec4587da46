/** What a mailed token lets its holder do; each purpose has its own lifetime. */
export type UserTokenPurpose =
  'email_verification' | 'password_reset' | 'email_change' | 'mfa_sign_in' | 'oidc_sign_in' | 'oidc_mfa_sign_in';

/**
 * Long enough to reach an inbox and be opened later, short enough that a link
 * found in an old mail is dead. A reset link grants the account, so it lives
 * for an hour; a verification link only confirms the address. An email
 * change link moves the account to the address it was mailed to: a day.
 */
export const USER_TOKEN_LIFETIME_SECONDS: Record<UserTokenPurpose, number> = {
  email_verification: 48 * 3600,
  password_reset: 3600,
  email_change: 24 * 3600,
  // Never mailed: it carries a password sign-in to its second step, so it lives as long as typing a code takes.
  mfa_sign_in: 300,
  // Never mailed: hands a finished provider sign-in to the client it redirected to, which spends it at once.
  oidc_sign_in: 60,
  // The second step of a provider sign-in on an account with MFA, like mfa_sign_in.
  oidc_mfa_sign_in: 300,
};
