import { transitionDifferences, WrittenTransition } from './compare-transitions';

const PROJECT = {
  id: 'p1',
  key: 'P1',
  name: 'Bench project',
  description: '',
  state: 'Planned',
  stateCategory: 'todo',
  workflowVersion: 1,
  createdBy: { type: 'user', id: 'u1' },
  createdAt: '2026-11-29T10:00:00.000Z',
  archivedAt: null,
};

const DETAILS = {
  transition: 'Plan',
  from: 'Backlog',
  to: 'Planned',
  fromCategory: 'todo',
  toCategory: 'todo',
  comment: null,
};

/** One target's write of Backlog → Planned, answered and stored as Keel does. */
function written(target: 'keel' | 'baseline', version: number, n: number): WrittenTransition {
  const answer = { ...PROJECT, version, updatedAt: `2026-11-29T10:00:0${n}.000Z` };
  return {
    target,
    requestId: `check-${n}`,
    version,
    state: 'Planned',
    answer,
    activity: [
      {
        workspace_id: 'w1',
        id: `a${n}`,
        project_id: 'p1',
        action: 'project.transitioned',
        actor_type: 'user',
        actor_id: 'u1',
        target_type: 'project',
        target_id: 'p1',
        data: DETAILS,
        request_id: `check-${n}`,
        client_address: '127.0.0.1',
        occurred_at: new Date(`2026-11-29T10:00:0${n}.000Z`),
      },
    ],
    events: [
      {
        workspace_id: 'w1',
        id: `e${n}`,
        type: 'project.transitioned',
        version: 1,
        occurred_at: new Date(`2026-11-29T10:00:0${n}.000Z`),
        actor_type: 'user',
        actor_id: 'u1',
        data: { ...DETAILS, project: answer },
        traceparent: `00-${'a'.repeat(31)}${n}-${'b'.repeat(16)}-01`,
        causation_id: null,
        depth: 0,
        relayed_at: null,
      },
    ],
  };
}

describe('transitionDifferences', () => {
  it('should find none between the same write two versions apart, with its own ids, times and trace', () => {
    expect(transitionDifferences(written('keel', 2, 1), written('baseline', 4, 3))).toEqual([]);
  });

  it('should name an answer at the wrong version', () => {
    const baseline = written('baseline', 4, 3);
    baseline.version = 5;
    expect(transitionDifferences(written('keel', 2, 1), baseline)).toEqual([
      'baseline answered version 4 in "Planned", expected 5 in "Planned"',
    ]);
  });

  it('should name an activity entry that differs', () => {
    const baseline = written('baseline', 4, 3);
    baseline.activity[0] = { ...baseline.activity[0], client_address: null };
    const [problem] = transitionDifferences(written('keel', 2, 1), baseline);
    expect(problem).toMatch(/^activity entries differ/);
  });

  it('should name an event that does not carry the answer', () => {
    const baseline = written('baseline', 4, 3);
    baseline.events[0] = { ...baseline.events[0], data: { ...DETAILS, project: { ...PROJECT, version: 3 } } };
    const [problem] = transitionDifferences(written('keel', 2, 1), baseline);
    expect(problem).toMatch(/^baseline's event carries/);
  });

  it('should name a missing activity entry and a malformed trace', () => {
    const keel = written('keel', 2, 1);
    keel.activity = [];
    keel.events[0] = { ...keel.events[0], traceparent: 'nope' };
    expect(transitionDifferences(keel, written('baseline', 4, 3))).toEqual([
      'keel stored 0 activity entries with request id check-1',
      'keel\'s event has traceparent "nope"',
    ]);
  });

  it('should name answers that differ beyond version and time', () => {
    const baseline = written('baseline', 4, 3);
    const answer = { ...PROJECT, name: 'Other', version: 4, updatedAt: '2026-11-29T10:00:03.000Z' };
    baseline.answer = answer;
    baseline.events[0] = { ...baseline.events[0], data: { ...DETAILS, project: answer } };
    const [problem] = transitionDifferences(written('keel', 2, 1), baseline);
    expect(problem).toMatch(/^answers differ/);
  });
});
