import { acceptedStep, newTotpSecret, totpCode, totpUri } from './totp';

describe('TOTP', () => {
  const secret = newTotpSecret();
  const now = Date.UTC(2026, 11, 7, 12, 0, 10);
  const step = Math.floor(now / 30_000);

  it('should accept the code of now and of one step either side, and says which step it was', () => {
    expect(acceptedStep(secret, totpCode(secret, now), now)).toBe(step);
    expect(acceptedStep(secret, totpCode(secret, now - 30_000), now)).toBe(step - 1);
    expect(acceptedStep(secret, totpCode(secret, now + 30_000), now)).toBe(step + 1);
  });

  it('should refuse a code two steps away, another secret’s code and anything not six digits', () => {
    expect(acceptedStep(secret, totpCode(secret, now - 60_000), now)).toBeUndefined();
    const other = newTotpSecret();
    const code = totpCode(other, now);
    // A 1-in-a-million chance the two secrets share a code within the window.
    if (code !== totpCode(secret, now)) expect(acceptedStep(secret, code, now)).toBeUndefined();
    for (const bad of ['', '12345', '1234567', 'abcdef', ' 123456'])
      expect(acceptedStep(secret, bad, now)).toBeUndefined();
  });

  it('should give a 160-bit base32 secret and the URI an authenticator app reads', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(totpUri(secret, 'ada@example.com', 'Keel'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Keel');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(decodeURIComponent(uri.pathname)).toContain('ada@example.com');
  });
});
