import { BenchOptionsError, parseBenchOptions } from './bench-options';

describe('parseBenchOptions', () => {
  it("should default to three 10 s rounds over 50 connections, and the identity scenarios' own settings", () => {
    expect(parseBenchOptions([], {})).toEqual({
      durationSeconds: 10,
      warmupSeconds: 5,
      connections: 50,
      rounds: 3,
      poolMax: 10,
      workspaces: 10,
      itemsPerWorkspace: 1000,
      users: 50,
      workspacesPerUser: 3,
      signInConnections: 8,
      underLoadRate: 0,
      projectWorkspaces: 4,
      projectsPerWorkspace: 100,
      pipelineRate: 50,
      pipelineBurst: 2000,
      searchWorkspaces: 10,
      chunksPerWorkspace: 10_000,
      csvRows: 100_000,
      pdfPages: 500,
      logLevel: 'info',
      scenarios: [],
    });
  });

  it('should run Keel at its production log level whatever the shell says, and at another only when --log-level asks', () => {
    const env = { LOG_LEVEL: 'warn', BENCH_LOG_LEVEL: 'warn' };

    expect(parseBenchOptions([], env).logLevel).toBe('info');
    expect(parseBenchOptions(['--log-level=warn'], env).logLevel).toBe('warn');
  });

  it('should take BENCH_* variables, and flags over them', () => {
    const options = parseBenchOptions(['--rounds=5', '--scenario', 'tenant-read'], {
      BENCH_ROUNDS: '2',
      BENCH_CONNECTIONS: '8',
      BENCH_SCENARIOS: 'liveness',
    });
    expect(options).toMatchObject({ rounds: 5, connections: 8, scenarios: ['tenant-read'] });
  });

  it('should take the account and sign-in settings of the identity scenarios', () => {
    const options = parseBenchOptions(['--users=5', '--sign-in-connections=2'], {
      BENCH_USER_WORKSPACES: '1',
      BENCH_UNDER_LOAD_RATE: '40',
    });
    expect(options).toMatchObject({ users: 5, workspacesPerUser: 1, signInConnections: 2, underLoadRate: 40 });
  });

  it('should take the project settings of the workflow scenarios', () => {
    const options = parseBenchOptions(['--projects=60'], { BENCH_PROJECT_WORKSPACES: '2' });
    expect(options).toMatchObject({ projectWorkspaces: 2, projectsPerWorkspace: 60 });
  });

  it('should take the pace and the burst of the event pipeline', () => {
    const options = parseBenchOptions(['--pipeline-rate=20'], { BENCH_PIPELINE_BURST: '500' });
    expect(options).toMatchObject({ pipelineRate: 20, pipelineBurst: 500 });
  });

  it('should split a comma-separated scenario list', () => {
    expect(parseBenchOptions(['--scenario=liveness, tenant-read'], {}).scenarios).toEqual(['liveness', 'tenant-read']);
  });

  it.each([
    ['--duration=0'],
    ['--connections=ten'],
    ['--rounds=1.5'],
    ['--users=0'],
    ['--projects=49'],
    ['--pipeline-rate=0'],
    ['--unknown=1'],
    ['--log-level=loud'],
  ])('should refuse %s', (flag) => {
    expect(() => parseBenchOptions([flag], {})).toThrow(BenchOptionsError);
  });
});
