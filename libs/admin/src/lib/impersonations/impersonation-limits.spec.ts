import { refusedWhileImpersonating } from './impersonation-limits';

describe('what an impersonation token may not do', () => {
  it.each([
    ['GET', '/v1/admin/overview'],
    ['POST', '/v1/admin/impersonations'],
    ['POST', '/v1/auth/password/change'],
    ['POST', '/v1/auth/logout'],
    ['POST', '/v1/auth/step-up'],
    ['POST', '/v1/me/email'],
    ['POST', '/v1/me/mfa/totp'],
    ['POST', '/v1/me/mfa/totp/confirm'],
    ['DELETE', '/v1/me/mfa/totp'],
    ['DELETE', '/v1/me/sessions/:sessionId'],
    ['DELETE', '/v1/me'],
    ['GET', '/v1/auth/oidc/:provider/start'],
    ['POST', '/v1/auth/oidc/exchange'],
    ['DELETE', '/v1/me/identities/:identityId'],
  ])('should refuse %s %s', (method, route) => {
    expect(refusedWhileImpersonating(method, route)).toBe(true);
  });

  it.each([
    ['GET', '/v1/me'],
    ['PATCH', '/v1/me'],
    ['GET', '/v1/me/sessions'],
    ['GET', '/v1/me/mfa'],
    ['GET', '/v1/me/audit-events'],
    ['GET', '/v1/me/identities'],
    ['GET', '/v1/workspaces/:workspaceId/projects'],
    ['POST', '/v1/workspaces/:workspaceId/projects'],
    ['POST', '/v1/me/emailing-preferences'],
  ])('should let the user act on %s %s', (method, route) => {
    expect(refusedWhileImpersonating(method, route)).toBe(false);
  });
});
