import { DomainError } from '@keel/platform-errors';

/**
 * The URL a finished sign-in may send the browser to: `redirectUri` when an
 * entry of the allow-list has the same origin (scheme, host, port) and path.
 * A query of the client's own is kept; a fragment or credentials are refused,
 * and so is everything else, with 400 REDIRECT_NOT_ALLOWED: Keel never sends a
 * sign-in code to an address the operator did not name.
 */
export function allowedRedirect(redirectUri: string, allowlist: readonly string[]): URL {
  let url: URL | undefined;
  try {
    url = new URL(redirectUri);
  } catch {
    url = undefined;
  }
  const allowed =
    url !== undefined &&
    !url.hash &&
    !url.username &&
    !url.password &&
    allowlist.some((entry) => {
      const permitted = new URL(entry);
      return permitted.origin === url.origin && permitted.pathname === url.pathname;
    });
  if (!url || !allowed) {
    throw new DomainError(
      'REDIRECT_NOT_ALLOWED',
      "redirectUri is not on this deployment's allow-list (OIDC_REDIRECT_ALLOWLIST): same origin and path as an entry, no fragment.",
    );
  }
  return url;
}
