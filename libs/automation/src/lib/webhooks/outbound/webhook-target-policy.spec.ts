import type { LookupAddress, LookupAllOptions } from 'node:dns';
import { AddressRefusedError } from './address-refused-error';
import type { ResolveAll } from './guarded-lookup';
import { webhookTargetRefusal } from './webhook-target-policy';

function resolverAnswering(addresses: LookupAddress[]): ResolveAll {
  return (_hostname: string, _options: LookupAllOptions, callback) => callback(null, addresses);
}

const unresolvable: ResolveAll = (hostname, _options, callback) =>
  callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);

describe('webhookTargetRefusal', () => {
  it.each([
    ['http://0x7f000001:9/hooks', '127.0.0.1'],
    ['http://2130706433:9/hooks', '127.0.0.1'],
    ['http://127.1:9/hooks', '127.0.0.1'],
    ['http://0177.0.0.1:9/hooks', '127.0.0.1'],
    ['http://017700000001/hooks', '127.0.0.1'],
    ['http://0.0.0.0/hooks', '0.0.0.0'],
    ['http://[::ffff:127.0.0.1]/hooks', '127.0.0.1'],
    ['http://[::ffff:7f00:1]/hooks', '127.0.0.1'],
    ['http://[::1]/hooks', '::1'],
    ['http://10.0.0.8/hooks', '10.0.0.8'],
    ['http://169.254.169.254/latest', '169.254.169.254'],
  ])('should refuse %s, whichever way %s is written', async (url, address) => {
    const refusal = await webhookTargetRefusal(url, { allowPrivate: false, resolve: unresolvable });

    expect(refusal).toBeInstanceOf(AddressRefusedError);
    expect(refusal?.classification.address).toBe(address);
    expect(refusal?.message).toContain('WEBHOOK_ALLOW_PRIVATE');
  });

  it('should refuse a name when any address it resolves to is not public', async () => {
    const resolve = resolverAnswering([
      { address: '93.184.215.14', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ]);

    const refusal = await webhookTargetRefusal('https://hooks.example.com/keel', { allowPrivate: false, resolve });

    expect(refusal?.message).toMatch(/hooks\.example\.com \(127\.0\.0\.1\).*loopback/);
  });

  it('should accept a public address, a name resolving only to public ones, and a name that does not resolve yet', async () => {
    const publicOnly = resolverAnswering([{ address: '93.184.215.14', family: 4 }]);

    expect(await webhookTargetRefusal('https://93.184.215.14/keel', { allowPrivate: false })).toBeNull();
    expect(
      await webhookTargetRefusal('https://hooks.example.com/keel', { allowPrivate: false, resolve: publicOnly }),
    ).toBeNull();
    expect(
      await webhookTargetRefusal('https://hooks.example.com/keel', { allowPrivate: false, resolve: unresolvable }),
    ).toBeNull();
  });

  it('should refuse nothing when WEBHOOK_ALLOW_PRIVATE is on', async () => {
    expect(await webhookTargetRefusal('http://0x7f000001:9/hooks', { allowPrivate: true })).toBeNull();
  });
});
