import { BenchOptionsError, parseBenchOptions } from './bench-options';

describe('parseBenchOptions', () => {
  it('should default to a run that fits in about three minutes', () => {
    expect(parseBenchOptions([], {})).toEqual({
      durationSeconds: 10,
      warmupSeconds: 5,
      connections: 50,
      rounds: 3,
      poolMax: 10,
      workspaces: 10,
      itemsPerWorkspace: 1000,
      scenarios: [],
    });
  });

  it('should take BENCH_* variables, and flags over them', () => {
    const options = parseBenchOptions(['--rounds=5', '--scenario', 'tenant-read'], {
      BENCH_ROUNDS: '2',
      BENCH_CONNECTIONS: '8',
      BENCH_SCENARIOS: 'liveness',
    });
    expect(options).toMatchObject({ rounds: 5, connections: 8, scenarios: ['tenant-read'] });
  });

  it('should split a comma-separated scenario list', () => {
    expect(parseBenchOptions(['--scenario=liveness, tenant-read'], {}).scenarios).toEqual(['liveness', 'tenant-read']);
  });

  it.each([['--duration=0'], ['--connections=ten'], ['--rounds=1.5'], ['--unknown=1']])('should refuse %s', (flag) => {
    expect(() => parseBenchOptions([flag], {})).toThrow(BenchOptionsError);
  });
});
