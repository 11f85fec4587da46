import { parseBenchOptions } from './bench-options';
import type { DynamicBenchRequest } from './bench-request';
import {
  BenchAccount,
  BenchSeed,
  EventPipelineScenario,
  IngestionScenario,
  runNeeds,
  Scenario,
  SCENARIOS,
  selectScenarios,
  VersusRouteScenario,
  WriteVersusBaselineScenario,
} from './scenarios';

type RequestScenario = Exclude<
  Scenario,
  WriteVersusBaselineScenario | EventPipelineScenario | IngestionScenario | VersusRouteScenario
>;

/** The named scenario, one that cycles through fixed requests. */
function requestScenario(name: string): RequestScenario {
  const [found] = selectScenarios([name]);
  if (
    found.kind === 'write-versus-baseline' ||
    found.kind === 'event-pipeline' ||
    found.kind === 'ingestion' ||
    found.kind === 'versus-route'
  ) {
    throw new Error(`${name} does not cycle through fixed requests alone`);
  }
  return found;
}

/** The named scenario, a write one. */
function writeScenario(name: string): WriteVersusBaselineScenario {
  const [found] = selectScenarios([name]);
  if (found.kind !== 'write-versus-baseline') throw new Error(`${name} is not a write scenario`);
  return found;
}

/** The event-pipeline scenario. */
function pipelineScenario(): EventPipelineScenario {
  const [found] = selectScenarios(['event-pipeline']);
  if (found.kind !== 'event-pipeline') throw new Error('event-pipeline is not an event-pipeline scenario');
  return found;
}

describe('the tool-call scenario', () => {
  it("should pair each calls-mode execution of projects.get with the HTTP read of the same project, as its workspace's owner", () => {
    const [toolCall] = selectScenarios(['tool-call']);
    if (toolCall.kind !== 'versus-route') throw new Error('tool-call should be a versus-route scenario');
    const seed: BenchSeed = {
      items: [],
      accounts: [account(1, ['w1']), account(2, ['w2'])],
      projects: [
        { workspaceId: 'w1', ownerId: 'u1', projectIds: ['p1', 'p2'] },
        { workspaceId: 'w2', ownerId: 'u2', projectIds: ['p3'] },
      ],
      chunks: [],
    };

    const { requests, reference } = toolCall.pairs(seed);

    const pairs = requests.map((request, index) => {
      const body = JSON.parse(request.body ?? '{}') as { calls: { tool: string; input: { projectId: string } }[] };
      expect(body.calls).toHaveLength(1);
      expect(body.calls[0].tool).toBe('projects.get');
      expect(request.headers?.['authorization']).toBe(reference[index].headers?.['authorization']);
      return `${request.method} ${request.path} ${body.calls[0].input.projectId} | ${reference[index].method} ${reference[index].path}`;
    });
    expect(pairs.sort()).toEqual([
      'POST /v1/workspaces/w1/ai/executions p1 | GET /v1/workspaces/w1/projects/p1',
      'POST /v1/workspaces/w1/ai/executions p2 | GET /v1/workspaces/w1/projects/p2',
      'POST /v1/workspaces/w2/ai/executions p3 | GET /v1/workspaces/w2/projects/p3',
    ]);
    expect(runNeeds([toolCall])).toMatchObject({ api: true, projects: true, baseline: false });
  });
});

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
    const tenantRead = requestScenario('tenant-read');
    const items = [
      { workspaceId: 'w1', itemId: 'i1' },
      { workspaceId: 'w2', itemId: 'i2' },
    ];
    const seed: BenchSeed = { items, accounts: [], projects: [], chunks: [] };
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
  const seed: BenchSeed = {
    items: [],
    accounts: [account(1, ['w1', 'w2']), account(2, ['w3'])],
    projects: [],
    chunks: [],
  };
  const scenario = requestScenario;

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

describe('the project scenarios', () => {
  const seed: BenchSeed = {
    items: [],
    accounts: [account(1, ['w1', 'w2']), account(2, ['w3'])],
    projects: [
      { workspaceId: 'w1', ownerId: 'u1', projectIds: ['p1', 'p2'] },
      { workspaceId: 'w3', ownerId: 'u2', projectIds: ['p3'] },
    ],
    chunks: [],
  };

  it("should read every seeded project as its workspace's owner", () => {
    const requests = requestScenario('project-read').requests(seed);
    expect(requests.map((request) => `${request.path} ${request.headers?.['authorization']}`).sort()).toEqual([
      '/v1/workspaces/w1/projects/p1 Bearer token-1',
      '/v1/workspaces/w1/projects/p2 Bearer token-1',
      '/v1/workspaces/w3/projects/p3 Bearer token-2',
    ]);
  });

  it('should list the first page of 50 of every project workspace as its owner', () => {
    expect(requestScenario('project-list').requests(seed)).toEqual([
      { method: 'GET', path: '/v1/workspaces/w1/projects?limit=50', headers: { authorization: 'Bearer token-1' } },
      { method: 'GET', path: '/v1/workspaces/w3/projects?limit=50', headers: { authorization: 'Bearer token-2' } },
    ]);
  });

  it('should move every seeded project, starting from Backlog at version 1, as its owner', () => {
    const writes = writeScenario('project-transition').writes(seed);
    expect(writes.distinctTargets).toBe(3);
    expect(writes.requests).toHaveLength(1);
    const [request] = writes.requests as DynamicBenchRequest[];
    const made = [0, 1, 2].map(() => request.setupRequest({ method: 'POST', path: '/' }, {}));
    expect(made.map((write) => `${write.path} ${write.headers?.['authorization']} ${write.body}`)).toEqual([
      '/v1/workspaces/w1/projects/p1/transitions Bearer token-1 {"to":"Planned","expectedVersion":1}',
      '/v1/workspaces/w1/projects/p2/transitions Bearer token-1 {"to":"Planned","expectedVersion":1}',
      '/v1/workspaces/w3/projects/p3/transitions Bearer token-2 {"to":"Planned","expectedVersion":1}',
    ]);
  });

  it('should produce the events of the pipeline by moving every seeded project as its owner', () => {
    const pipeline = pipelineScenario();
    expect(pipeline).toMatchObject({
      eventType: 'project.transitioned',
      consumer: 'automation.rules',
      targetP50Ms: 50,
    });
    const writes = pipeline.writes(seed);
    expect(writes.distinctTargets).toBe(3);
    const [request] = writes.requests as DynamicBenchRequest[];
    expect(request.setupRequest({ method: 'POST', path: '/' }, {}).path).toBe(
      '/v1/workspaces/w1/projects/p1/transitions',
    );
  });

  it('should take the current access token of the owner, as refreshed before the scenario', () => {
    const refreshed: BenchSeed = {
      ...seed,
      accounts: seed.accounts.map((a) => ({ ...a, accessToken: `new-${a.userId}` })),
    };
    const requests = requestScenario('project-list').requests(refreshed);
    expect(requests.map((request) => request.headers?.['authorization'])).toEqual(['Bearer new-u1', 'Bearer new-u2']);
  });
});

describe('the search scenario', () => {
  const seed: BenchSeed = {
    items: [],
    accounts: [account(1, ['w1', 'w2']), account(2, ['w3'])],
    projects: [],
    chunks: [
      { workspaceId: 'w1', ownerId: 'u1', queries: ['refund policy', 'driver app'] },
      { workspaceId: 'w3', ownerId: 'u2', queries: ['on call'] },
    ],
  };

  it("should ask every seeded search of its workspace as that workspace's owner, the words encoded", () => {
    const requests = requestScenario('search').requests(seed);
    expect(requests.map((request) => `${request.path} ${request.headers?.['authorization']}`).sort()).toEqual([
      '/v1/workspaces/w1/search?q=driver%20app Bearer token-1',
      '/v1/workspaces/w1/search?q=refund%20policy Bearer token-1',
      '/v1/workspaces/w3/search?q=on%20call Bearer token-2',
    ]);
  });
});

describe('runNeeds', () => {
  it('should start only the bench app and the baseline for the platform scenarios', () => {
    expect(runNeeds(selectScenarios(['liveness', 'tenant-read']))).toEqual({
      benchApp: true,
      api: false,
      baseline: true,
      argon2Loop: false,
      projects: false,
      chunks: false,
    });
  });

  it('should start the API and the argon2id loop, and no baseline server, for sign-in alone', () => {
    expect(runNeeds(selectScenarios(['sign-in']))).toEqual({
      benchApp: false,
      api: true,
      baseline: false,
      argon2Loop: true,
      projects: false,
      chunks: false,
    });
  });

  it('should start the API and the baseline, and no argon2id loop, for the authenticated reads', () => {
    expect(runNeeds(selectScenarios(['me', 'workspace-read']))).toEqual({
      benchApp: false,
      api: true,
      baseline: true,
      argon2Loop: false,
      projects: false,
      chunks: false,
    });
  });

  it('should start the API, the baseline and the argon2id loop for /v1/me during sign-ins', () => {
    expect(runNeeds(selectScenarios(['me-during-sign-in']))).toEqual({
      benchApp: false,
      api: true,
      baseline: true,
      argon2Loop: true,
      projects: false,
      chunks: false,
    });
  });

  it('should start the API and the baseline, and seed projects, for the project scenarios', () => {
    for (const name of ['project-read', 'project-list', 'project-transition']) {
      expect(runNeeds(selectScenarios([name]))).toEqual({
        benchApp: false,
        api: true,
        baseline: true,
        argon2Loop: false,
        projects: true,
        chunks: false,
      });
    }
  });

  it('should start the API and seed projects, and no baseline server, for the event pipeline (it starts its own)', () => {
    expect(runNeeds(selectScenarios(['event-pipeline']))).toEqual({
      benchApp: false,
      api: true,
      baseline: false,
      argon2Loop: false,
      projects: true,
      chunks: false,
    });
  });

  it('should start the API and the baseline, and seed document chunks, for search', () => {
    expect(runNeeds(selectScenarios(['search']))).toEqual({
      benchApp: false,
      api: true,
      baseline: true,
      argon2Loop: false,
      projects: false,
      chunks: true,
    });
  });

  it('should start the API alone, no baseline, for the ingestion scenarios (they start their own worker)', () => {
    expect(runNeeds(selectScenarios(['ingest-csv', 'ingest-pdf']))).toEqual({
      benchApp: false,
      api: true,
      baseline: false,
      argon2Loop: false,
      projects: false,
      chunks: false,
    });
  });
});

describe('the ingestion scenarios', () => {
  const options = parseBenchOptions(['--csv-rows=3', '--pdf-pages=2'], {});

  it('should upload a CSV of the rows asked for, with other bytes every round', async () => {
    const [csv] = selectScenarios(['ingest-csv']);
    if (csv.kind !== 'ingestion') throw new Error('ingest-csv should be an ingestion scenario');
    const first = await csv.file(1, options);
    const second = await csv.file(2, options);
    expect(first.bytes.toString().trim().split('\n')).toHaveLength(4);
    expect(first.units).toBe(3);
    expect(first.bytes.equals(second.bytes)).toBe(false);
  });

  it('should upload a PDF of the pages asked for', async () => {
    const [pdf] = selectScenarios(['ingest-pdf']);
    if (pdf.kind !== 'ingestion') throw new Error('ingest-pdf should be an ingestion scenario');
    const file = await pdf.file(1, options);
    expect(file.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(file.units).toBe(2);
  });
});
