import { stepUpSatisfied } from './step-up-policy';

describe('stepUpSatisfied', () => {
  const now = Date.UTC(2026, 11, 7, 12, 0, 0);
  const minutesAgo = (minutes: number) => new Date(now - minutes * 60_000);

  it('should ask nothing of an account without MFA, however old its sign-in', () => {
    expect(stepUpSatisfied({ aal: 'aal1', authTime: minutesAgo(600) }, false, now)).toBe(true);
  });

  it('should accept a second factor proved up to 10 minutes ago', () => {
    expect(stepUpSatisfied({ aal: 'aal2', authTime: minutesAgo(0) }, true, now)).toBe(true);
    expect(stepUpSatisfied({ aal: 'aal2', authTime: minutesAgo(10) }, true, now)).toBe(true);
  });

  it('should refuse a second factor older than 10 minutes, and a password-only session of an account with MFA', () => {
    expect(stepUpSatisfied({ aal: 'aal2', authTime: minutesAgo(10.1) }, true, now)).toBe(false);
    expect(stepUpSatisfied({ aal: 'aal1', authTime: minutesAgo(0) }, true, now)).toBe(false);
  });
});
