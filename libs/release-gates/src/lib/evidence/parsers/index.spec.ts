import { fixture, jsonBytes } from './fixtures/fixture';
import { EVIDENCE_TYPES, EvidenceType, EvidenceUnparseable, parseEvidence } from './index';

describe('parseEvidence', () => {
  it('should hand each type to its parser and wrap the result as facts', () => {
    expect(parseEvidence('junit', fixture('pytest.xml')).facts).toMatchObject({ tests: 7, failures: 1 });
    expect(parseEvidence('coverage', fixture('lcov.info')).facts).toMatchObject({ lines: 83.33 });
    expect(parseEvidence('custom', jsonBytes({ crossTenantReads: 0 })).facts).toEqual({ crossTenantReads: 0 });
  });

  it('should refuse an empty file and an unknown type with a reason', () => {
    for (const type of EVIDENCE_TYPES) {
      expect(() => parseEvidence(type, Buffer.alloc(0))).toThrow(new EvidenceUnparseable('the file is empty'));
    }
    expect(() => parseEvidence('toString' as EvidenceType, jsonBytes({}))).toThrow(/unknown evidence type/);
  });

  it('should answer a hostile file of every type with EvidenceUnparseable, never another error', () => {
    const hostile = [
      Buffer.from(`${'['.repeat(200_000)}${']'.repeat(200_000)}`),
      Buffer.from(`${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}`),
      Buffer.from([0x00, 0xff, 0x13, 0x37]),
      Buffer.from('"just a string"'),
      Buffer.from('{"__proto__": {"polluted": true}}'),
    ];
    for (const type of EVIDENCE_TYPES) {
      for (const bytes of hostile) {
        expect(() => parseEvidence(type, bytes)).toThrow(EvidenceUnparseable);
      }
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('should carry the reason and line on the error and in its message', () => {
    const error = new EvidenceUnparseable('not well-formed XML: Unclosed tag', 7);
    expect(error).toMatchObject({ name: 'EvidenceUnparseable', reason: 'not well-formed XML: Unclosed tag', line: 7 });
    expect(error.message).toBe('not well-formed XML: Unclosed tag (line 7)');
  });
});
