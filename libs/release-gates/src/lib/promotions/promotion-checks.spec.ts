import { gateStanding } from './promotion-checks';

describe('a required gate in a promotion decision', () => {
  const passed = { version: 2, verdict: 'pass' as const, evidenceWatermark: 'e2' };

  it('should be met by a passing latest evaluation of the current version with no newer evidence', () => {
    expect(gateStanding({ version: 2, allowWarn: false, latest: passed, newestEvidenceId: 'e2' })).toMatchObject({
      met: true,
    });
  });

  it('should not be met without an evaluation, by another version, after newer evidence, or on a verdict short of pass', () => {
    expect(gateStanding({ version: 2, allowWarn: false, latest: null, newestEvidenceId: null }).reason).toContain(
      'never evaluated',
    );
    expect(gateStanding({ version: 3, allowWarn: false, latest: passed, newestEvidenceId: 'e2' }).reason).toContain(
      'version 2',
    );
    expect(gateStanding({ version: 2, allowWarn: false, latest: passed, newestEvidenceId: 'e3' }).reason).toContain(
      'newer evidence',
    );
    expect(
      gateStanding({
        version: 2,
        allowWarn: false,
        latest: { ...passed, verdict: 'incomplete' },
        newestEvidenceId: 'e2',
      }),
    ).toEqual({ met: false, reason: "the latest evaluation's verdict is incomplete" });
  });

  it('should be met by a warning only where the gate allows it', () => {
    const warned = { ...passed, verdict: 'warn' as const };
    expect(gateStanding({ version: 2, allowWarn: true, latest: warned, newestEvidenceId: 'e2' }).met).toBe(true);
    expect(gateStanding({ version: 2, allowWarn: false, latest: warned, newestEvidenceId: 'e2' }).met).toBe(false);
  });
});
