import { BenchAccount, BenchSeed, runNeeds, SCENARIOS, selectScenarios } from './scenarios';

describe('selectScenarios', () => {
  it('should run every scenario when none is named', () => {
    expect(selectScenarios([])).toEqual(SCENARIOS);
  });

  it('should run only the named ones', () => {
    expect(selectScenarios(['tenant-read']).map((scenario) => scenario.name)).toEqual(['tenant-read']);
  });

  it('should refuse a name that does not exist', () => {
    expect(() => selectScenarios(['liveness', 'nope'])).toThrow('Unknown scenario(s): nope');
  });
});

describe('the tenant-read scenario', () => {
  it('should ask for seeded items under their own workspace', () => {
    const [tenantRead] = selectScenarios(['tenant-read']);
    const items = [
      { workspaceId: 'w1', itemId: 'i1' },
      { workspaceId: 'w2', itemId: 'i2' },
    ];
    const seed: BenchSeed = { items, accounts: [] };
    expect(
      tenantRead
        .requests(seed)
        .map((request) => request.path)
        .sort(),
    ).toEqual(['/v1/workspaces/w1/bench-items/i1', '/v1/workspaces/w2/bench-items/i2']);
  });
});

function account(n: number, workspaceIds: string[]): BenchAccount {
  return {
    userId: `u${n}`,
    email: `bench-${n}@example.com`,
    password: 'the bench password',
    accessToken: `token-${n}`,
    refreshToken: `refresh-${n}`,
    workspaceIds,
  };
}

describe('the identity scenarios', () => {
  const seed: BenchSeed = { items: [], accounts: [account(1, ['w1', 'w2']), account(2, ['w3'])] };
  const scenario = (name: string) => {
    const [found] = selectScenarios([name]);
    return found;
  };

  it("should ask for /v1/me once per account, with that account's access token", () => {
    expect(scenario('me').requests(seed)).toEqual([
      { method: 'GET', path: '/v1/me', headers: { authorization: 'Bearer token-1' } },
      { method: 'GET', path: '/v1/me', headers: { authorization: 'Bearer token-2' } },
    ]);
  });

  it('should read every workspace of every account as that account', () => {
    const requests = scenario('workspace-read').requests(seed);
    expect(requests.map((request) => `${request.path} ${request.headers?.['authorization']}`).sort()).toEqual([
      '/v1/workspaces/w1 Bearer token-1',
      '/v1/workspaces/w2 Bearer token-1',
      '/v1/workspaces/w3 Bearer token-2',
    ]);
  });

  it("should sign in with each account's right password only, so the address is never throttled", () => {
    const requests = scenario('sign-in').requests(seed);
    expect(requests).toHaveLength(2);
    expect(requests[0]).toEqual({
      method: 'POST',
      path: '/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench-1@example.com', password: 'the bench password' }),
    });
  });

  it('should load /v1/me in front and sign-ins behind in the scenario under load', () => {
    const underLoad = scenario('me-during-sign-in');
    if (underLoad.kind !== 'under-load') throw new Error('me-during-sign-in should be an under-load scenario');
    expect(underLoad.requests(seed).every((request) => request.path === '/v1/me')).toBe(true);
    expect(underLoad.background(seed).every((request) => request.path === '/v1/auth/login')).toBe(true);
  });
});

describe('runNeeds', () => {
  it('should start only the bench app and the baseline for the platform scenarios', () => {
    expect(runNeeds(selectScenarios(['liveness', 'tenant-read']))).toEqual({
      benchApp: true,
      api: false,
      baseline: true,
      argon2Loop: false,
    });
  });

  it('should start the API and the argon2id loop, and no baseline server, for sign-in alone', () => {
    expect(runNeeds(selectScenarios(['sign-in']))).toEqual({
      benchApp: false,
      api: true,
      baseline: false,
      argon2Loop: true,
    });
  });

  it('should start the API and the baseline, and no argon2id loop, for the authenticated reads', () => {
    expect(runNeeds(selectScenarios(['me', 'workspace-read']))).toEqual({
      benchApp: false,
      api: true,
      baseline: true,
      argon2Loop: false,
    });
  });

  it('should start the API, the baseline and the argon2id loop for /v1/me during sign-ins', () => {
    expect(runNeeds(selectScenarios(['me-during-sign-in']))).toEqual({
      benchApp: false,
      api: true,
      baseline: true,
      argon2Loop: true,
    });
  });
});
