import type { LookupAddress, LookupAllOptions } from 'node:dns';
import { AddressRefusedError } from './address-refused-error';
import { createGuardedLookup, type ResolveAll } from './guarded-lookup';

type Answer = { error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number };

function resolverAnswering(addresses: LookupAddress[]): ResolveAll & { asked: LookupAllOptions[] } {
  const asked: LookupAllOptions[] = [];
  const resolve = (_hostname: string, options: LookupAllOptions, callback: (e: null, a: LookupAddress[]) => void) => {
    asked.push(options);
    callback(null, addresses);
  };
  return Object.assign(resolve, { asked });
}

function lookUp(resolve: ResolveAll, options: { all?: boolean; family?: number }): Promise<Answer> {
  return new Promise((done) =>
    createGuardedLookup(resolve)('receiver.example', options, (error, address, family) =>
      done({ error, address, family }),
    ),
  );
}

const PUBLIC_V4 = { address: '93.184.215.14', family: 4 };
const PUBLIC_V6 = { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 };

describe('createGuardedLookup', () => {
  it('should pass every public address on when Node asks for all of them', async () => {
    const answer = await lookUp(resolverAnswering([PUBLIC_V6, PUBLIC_V4]), { all: true });

    expect(answer).toEqual({ error: null, address: [PUBLIC_V6, PUBLIC_V4], family: undefined });
  });

  it('should pass the first address on when Node asks for one, having checked them all', async () => {
    const resolve = resolverAnswering([PUBLIC_V4, PUBLIC_V6]);

    const answer = await lookUp(resolve, { family: 0 });

    expect(answer).toEqual({ error: null, address: PUBLIC_V4.address, family: 4 });
    expect(resolve.asked).toEqual([{ family: 0, all: true }]);
  });

  it.each([
    [[{ address: '127.0.0.1', family: 4 }]],
    [[{ address: '169.254.169.254', family: 4 }]],
    [[{ address: '::ffff:10.0.0.5', family: 6 }]],
    // a rebinding answer that mixes a public address with an internal one
    [[PUBLIC_V4, { address: '10.0.0.5', family: 4 }]],
    [[{ address: 'fd00::5', family: 6 }, PUBLIC_V4]],
  ])('should refuse the name when any address is not public: %j', async (addresses) => {
    for (const all of [true, false]) {
      const answer = await lookUp(resolverAnswering(addresses), { all });

      expect(answer.error).toBeInstanceOf(AddressRefusedError);
      expect(answer.error?.message).toContain('receiver.example (');
    }
  });

  it('should pass a resolver error on unchanged', async () => {
    const failure = Object.assign(new Error('getaddrinfo ENOTFOUND receiver.example'), { code: 'ENOTFOUND' });
    const resolve: ResolveAll = (_hostname, _options, callback) => callback(failure, []);

    const answer = await lookUp(resolve, { all: false });

    expect(answer.error).toBe(failure);
  });
});
