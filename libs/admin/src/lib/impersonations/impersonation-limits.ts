import { DomainError } from '@keel/platform-errors';

/**
 * What an impersonation token can never do: reach `/v1/admin/*`, or change
 * the user's password, email address, second factor or sessions (which
 * includes signing out, stepping up and closing the account), nor the
 * ways the user signs in: every `/v1/auth/*` route (linking an outside
 * identity starts there, even with a GET) and unlinking one
 * (`/v1/me/identities`). Routes are Fastify's patterns; other reads stay
 * allowed.
 */
const REFUSED_PREFIXES = [
  '/v1/admin/',
  '/v1/auth/',
  '/v1/me/mfa',
  '/v1/me/sessions',
  '/v1/me/email',
  '/v1/me/password',
  '/v1/me/identities',
];

export function refusedWhileImpersonating(method: string, route: string): boolean {
  if (route.startsWith('/v1/admin/') || route.startsWith('/v1/auth/')) return true;
  if (method === 'GET' || method === 'HEAD') return false;
  if (route === '/v1/me' && method === 'DELETE') return true;
  return REFUSED_PREFIXES.some((prefix) =>
    prefix.endsWith('/') ? route.startsWith(prefix) : route === prefix || route.startsWith(`${prefix}/`),
  );
}

export function impersonationForbidden(): DomainError {
  return new DomainError(
    'IMPERSONATION_FORBIDDEN',
    "An impersonation token cannot reach the admin routes or change the user's password, email, second factor or sessions.",
  );
}
