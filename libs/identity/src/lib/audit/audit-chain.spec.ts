import { createHash } from 'node:crypto';
import { AUDIT_CHAIN_GENESIS, canonicalForm, canonicalJson, chainHash, ChainedAuditRow } from './audit-chain';

const row: ChainedAuditRow = {
  seq: 1,
  id: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a12',
  action: 'workspace.updated',
  actorType: 'user',
  actorId: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a11',
  targetType: null,
  targetId: null,
  data: { to: { slug: 'acme', name: 'Acme' }, from: { name: 'Old' } },
  clientAddress: '203.0.113.7',
  userAgent: 'keel-sdk/0.1',
  requestId: 'req-1',
  occurredAt: new Date('2026-12-07T10:00:00.123Z'),
  prevHash: AUDIT_CHAIN_GENESIS,
};
const chain = { kind: 'workspace' as const, id: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10' };

describe('the audit chain’s canonical form', () => {
  it('should write the documented array, object keys sorted at every depth, without whitespace', () => {
    expect(canonicalForm(chain, row)).toBe(
      '["keel-audit-v1","workspace:0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10",1,"0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a12",' +
        '"workspace.updated","user","0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a11",null,null,' +
        '{"from":{"name":"Old"},"to":{"name":"Acme","slug":"acme"}},"203.0.113.7","keel-sdk/0.1","req-1",' +
        `"2026-12-07T10:00:00.123Z","${AUDIT_CHAIN_GENESIS}"]`,
    );
  });

  it('should hash the canonical form with SHA-256, whatever order the data’s keys came in', () => {
    const reordered = { ...row, data: { from: { name: 'Old' }, to: { name: 'Acme', slug: 'acme' } } };

    expect(chainHash(chain, row)).toBe(createHash('sha256').update(canonicalForm(chain, row)).digest('hex'));
    expect(chainHash(chain, reordered)).toBe(chainHash(chain, row));
  });

  it('should change the hash with any field, the chain, the place or the previous hash', () => {
    const hash = chainHash(chain, row);

    expect(chainHash(chain, { ...row, action: 'workspace.deleted' })).not.toBe(hash);
    expect(chainHash(chain, { ...row, seq: 2 })).not.toBe(hash);
    expect(chainHash(chain, { ...row, prevHash: 'f'.repeat(64) })).not.toBe(hash);
    expect(chainHash({ kind: 'account', id: chain.id }, row)).not.toBe(hash);
    expect(chainHash(chain, { ...row, occurredAt: new Date('2026-12-07T10:00:00.124Z') })).not.toBe(hash);
  });

  it('should sort keys by code unit, keep arrays in order and integer-like keys as strings', () => {
    expect(canonicalJson({ b: [3, 1, { z: 1, a: null }], a: 'x', 10: true, 2: false })).toBe(
      '{"10":true,"2":false,"a":"x","b":[3,1,{"a":null,"z":1}]}',
    );
  });
});
