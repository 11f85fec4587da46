import { SCENARIOS, selectScenarios } from './scenarios';

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
    expect(tenantRead.paths(items).sort()).toEqual([
      '/v1/workspaces/w1/bench-items/i1',
      '/v1/workspaces/w2/bench-items/i2',
    ]);
  });
});
