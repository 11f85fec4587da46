import { DomainError } from '@keel/platform-errors';

/**
 * What an impersonation token can never do: reach `/v1/admin/*`, or change
 * the user's password, email address, second factor or sessions (which
 * includes signing out, stepping up and closing the account). Routes are
 * Fastify's patterns; reads stay allowed.
 */
const REFUSED_PREFIXES = [
  '/v1/admin/',
  '/v1/auth/',
  '/v1/me/mfa',
  '/v1/me/sessions',
  '/v1/me/email',
  '/v1/me/password',
];

export function refusedWhileImpersonating(method: string, route: string): boolean {
  if (route.startsWith('/v1/admin/')) return true;
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
