import { parseCustom } from './custom';
import { jsonBytes } from './fixtures/fixture';
import { unparseable } from './fixtures/unparseable';

describe('parseCustom', () => {
  it('should use the object itself as its facts', () => {
    const probe = { crossTenantReads: 0, probe: { tenants: 12, lost: 0, duplicateEffects: 0 }, tags: ['nightly'] };
    expect(parseCustom(jsonBytes(probe))).toEqual(probe);
  });

  it('should refuse arrays and scalars', () => {
    expect(unparseable(parseCustom, jsonBytes([1, 2])).reason).toBe(
      'Custom evidence must be a JSON object, not an array',
    );
    expect(unparseable(parseCustom, jsonBytes(42)).reason).toBe('Custom evidence must be a JSON object, not a number');
    expect(unparseable(parseCustom, Buffer.from('null')).reason).toMatch(/not null/);
  });

  it('should refuse keys that could reach a prototype, without polluting one', () => {
    const error = unparseable(parseCustom, Buffer.from('{"probe": {"__proto__": {"isAdmin": true}}}'));
    expect(error.reason).toBe('$.probe: the key "__proto__" is not allowed');
    expect(unparseable(parseCustom, Buffer.from('{"constructor": {"prototype": {}}}')).reason).toMatch(/constructor/);
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
  });

  it('should refuse deep nesting and numbers too large to keep', () => {
    const deep = `${'{"a":'.repeat(100)}1${'}'.repeat(100)}`;
    expect(unparseable(parseCustom, Buffer.from(deep)).reason).toBe('JSON nests deeper than 64 levels');
    const huge = unparseable(parseCustom, Buffer.from('{"latency": {"p99": 1e400}}'));
    expect(huge.reason).toBe('$.latency.p99 is a number too large to represent');
  });

  it('should say on which line a hand-written file breaks', () => {
    const text = '{\n  "crossTenantReads": 0,\n  "checked": 12,\n  "note": "nightly run\n}\n';
    expect(unparseable(parseCustom, Buffer.from(text))).toMatchObject({
      reason: 'not valid JSON: control character (such as a raw line break) in a string',
      line: 4,
    });
  });
});
