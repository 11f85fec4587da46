import { oidcProvidersProblem, parseOidcProviders } from './oidc-provider-settings';

const provider = (fields: Record<string, unknown> = {}) =>
  JSON.stringify([
    { key: 'google', issuer: 'https://accounts.google.com', clientId: 'id', clientSecret: 'top-secret', ...fields },
  ]);

describe('OIDC_PROVIDERS', () => {
  it('should accept https issuers, and http only on a loopback address', () => {
    expect(oidcProvidersProblem(provider())).toBeUndefined();
    for (const issuer of ['http://localhost:4000', 'http://127.0.0.1:4000/realms/keel', 'http://[::1]:4000']) {
      expect(oidcProvidersProblem(provider({ issuer }))).toBeUndefined();
    }
    for (const issuer of [
      'http://idp.example.com',
      'http://10.0.0.5:8080',
      'http://localhost.example.com',
      'ftp://idp.example.com',
    ]) {
      expect(oidcProvidersProblem(provider({ issuer }))).toMatch(/issuer must be (an )?https:\/\//);
    }
  });

  it('should name the entry and the field, never the secret', () => {
    expect(oidcProvidersProblem('not json')).toMatch(/JSON array/);
    expect(oidcProvidersProblem('{}')).toMatch(/JSON array/);
    expect(oidcProvidersProblem(provider({ key: 'Google!' }))).toMatch(/entry 0: key/);
    expect(oidcProvidersProblem(provider({ clientSecret: '' }))).toBe(
      'google: clientSecret must be a non-empty string',
    );
    expect(oidcProvidersProblem(provider({ scopes: ['email'] }))).toBe('google: scopes must include openid');
    expect(oidcProvidersProblem(provider({ secret: 'top-secret' }))).toMatch(/unknown fields \(secret\)/);
    const twice = JSON.stringify([...JSON.parse(provider()), ...JSON.parse(provider())]);
    expect(oidcProvidersProblem(twice)).toBe('google: key is used twice');
    for (const text of [provider({ clientSecret: '' }), provider({ issuer: 'http://idp.example.com' })]) {
      expect(oidcProvidersProblem(text)).not.toContain('top-secret');
    }
  });

  it('should default the scopes to openid email profile', () => {
    expect(parseOidcProviders(provider())[0].scopes).toEqual(['openid', 'email', 'profile']);
    expect(parseOidcProviders(undefined)).toEqual([]);
  });
});
