import { parseApproval } from './approval';
import { jsonBytes } from './fixtures/fixture';
import { unparseable } from './fixtures/unparseable';

describe('parseApproval', () => {
  it('should record who approved, in what role, and that it is an approval', () => {
    const approval = {
      approver: ' dana@acme.io ',
      role: 'SRE lead',
      statement: 'Load test reviewed; SLOs hold at 2x peak.',
    };
    expect(parseApproval(jsonBytes(approval))).toEqual({
      approver: 'dana@acme.io',
      role: 'SRE lead',
      statement: 'Load test reviewed; SLOs hold at 2x peak.',
      approved: true,
    });
  });

  it('should refuse an approval with a missing or blank field', () => {
    expect(unparseable(parseApproval, jsonBytes({ approver: 'dana', role: 'SRE' })).reason).toBe(
      'an approval needs "statement", a non-empty string',
    );
    expect(unparseable(parseApproval, jsonBytes({ approver: '  ', role: 'SRE', statement: 'ok' })).reason).toMatch(
      /"approver"/,
    );
    expect(unparseable(parseApproval, jsonBytes({ approver: 1, role: 'SRE', statement: 'ok' })).reason).toMatch(
      /"approver"/,
    );
  });
});
