/** How an email is shown: as given, without surrounding spaces. */
export function trimEmail(email: string): string {
  return email.trim();
}

/** How an email is compared: trimmed and lower-cased, so `Ada@Example.com ` and `ada@example.com` are one account. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}
