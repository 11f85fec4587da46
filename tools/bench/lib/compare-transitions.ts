import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { describeRequest } from './bench-request';
import type { TargetName } from './bench-targets';
import { send } from './compare-responses';
import { advance, nextTransition, TransitionLane } from './transition-load';
import { withWorkspaceQueries } from './workspace-queries';

/** One write of the check: what was asked, what came back, and what was stored for it. */
export interface WrittenTransition {
  target: TargetName;
  /** Sent as X-Request-Id: both targets keep a well-formed one, as the activity entry's request_id. */
  requestId: string;
  /** The version and state the project must be at after this write. */
  version: number;
  state: string;
  /** The JSON answer (200). */
  answer: unknown;
  /** The activity entries with this request id: one. */
  activity: Record<string, unknown>[];
  /** The `project.transitioned` events carrying the project at this version: one. */
  events: Record<string, unknown>[];
}

/**
 * Columns that differ between any two writes: ids, times, the trace (checked
 * for form, not compared), and when the relay took the event, if one runs.
 */
const ACTIVITY_OWN = ['id', 'request_id', 'occurred_at'];
const EVENT_OWN = ['id', 'occurred_at', 'traceparent', 'relayed_at'];
const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function without(row: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([key]) => !keys.includes(key)));
}

const json = (value: unknown): string => JSON.stringify(value);

/** What one target's write should be, on its own: the answer it gave and the rows it stored. */
function ownProblems(write: WrittenTransition): string[] {
  const problems: string[] = [];
  const answer = asRecord(write.answer);
  if (!answer) return [`${write.target} answered ${json(write.answer)}, not a project`];
  if (answer['version'] !== write.version || answer['state'] !== write.state) {
    problems.push(
      `${write.target} answered version ${json(answer['version'])} in ${json(answer['state'])}, ` +
        `expected ${write.version} in "${write.state}"`,
    );
  }
  if (write.activity.length !== 1) {
    problems.push(
      `${write.target} stored ${write.activity.length} activity entries with request id ${write.requestId}`,
    );
  } else if (!(write.activity[0]['occurred_at'] instanceof Date)) {
    problems.push(`${write.target}'s activity entry has no occurred_at: ${json(write.activity[0])}`);
  }
  if (write.events.length !== 1) {
    problems.push(
      `${write.target} stored ${write.events.length} project.transitioned events at version ${write.version}`,
    );
  } else {
    const [event] = write.events;
    if (!isDeepStrictEqual(asRecord(event['data'])?.['project'], write.answer)) {
      problems.push(
        `${write.target}'s event carries ${json(asRecord(event['data'])?.['project'])}, its answer was ${json(write.answer)}`,
      );
    }
    if (typeof event['traceparent'] !== 'string' || !TRACEPARENT.test(event['traceparent'])) {
      problems.push(`${write.target}'s event has traceparent ${json(event['traceparent'])}`);
    }
  }
  return problems;
}

function eventWithoutOwn(event: Record<string, unknown>): Record<string, unknown> {
  return { ...without(event, EVENT_OWN), data: without(asRecord(event['data']) ?? {}, ['project']) };
}

/**
 * Where Keel's write and the baseline's same write (same project, same
 * transition, two versions apart) differ beyond what must: the answers apart
 * from `version` and `updatedAt`, the activity entries apart from id, request
 * id and time, the events apart from id, time, trace, relay time and the
 * project they carry (each must carry its own answer). Empty when they agree.
 */
export function transitionDifferences(keel: WrittenTransition, baseline: WrittenTransition): string[] {
  const problems = [...ownProblems(keel), ...ownProblems(baseline)];
  if (problems.length > 0) return problems;
  const answers = [keel, baseline].map((write) => without(asRecord(write.answer) ?? {}, ['version', 'updatedAt']));
  if (!isDeepStrictEqual(answers[0], answers[1])) {
    problems.push(`answers differ:\n    keel:     ${json(keel.answer)}\n    baseline: ${json(baseline.answer)}`);
  }
  const [keelActivity, baselineActivity] = [keel.activity[0], baseline.activity[0]].map((row) =>
    without(row, ACTIVITY_OWN),
  );
  if (!isDeepStrictEqual(keelActivity, baselineActivity)) {
    problems.push(
      `activity entries differ:\n    keel:     ${json(keelActivity)}\n    baseline: ${json(baselineActivity)}`,
    );
  }
  const [keelEvent, baselineEvent] = [keel.events[0], baseline.events[0]].map(eventWithoutOwn);
  if (!isDeepStrictEqual(keelEvent, baselineEvent)) {
    problems.push(`outbox events differ:\n    keel:     ${json(keelEvent)}\n    baseline: ${json(baselineEvent)}`);
  }
  return problems;
}

export interface TransitionCheckTargets {
  keelUrl: string;
  baselineUrl: string;
  databaseUrl: string;
}

/**
 * Before a transition is timed: Keel takes the lane's project there and back
 * (Backlog → Planned → Backlog, say), then the baseline does the same from
 * where Keel left it, each write naming the version the last one left. All
 * four must answer 200, and each of the baseline's writes must answer and
 * store what Keel's same write did (transitionDifferences).
 */
export async function assertSameTransitions(lane: TransitionLane, targets: TransitionCheckTargets): Promise<void> {
  const sent: Omit<WrittenTransition, 'activity' | 'events'>[] = [];
  const sides: [TargetName, string][] = [
    ['keel', targets.keelUrl],
    ['baseline', targets.baselineUrl],
  ];
  for (const [target, url] of sides) {
    for (let step = 0; step < 2; step += 1) {
      const requestId = `bench-check-${randomUUID()}`;
      const request = nextTransition(lane, requestId);
      const answer = await send(url, request);
      if (answer.status !== 200) {
        throw new Error(`${target} answered ${describeRequest(request)} with ${answer.status}: ${json(answer.body)}`);
      }
      advance(lane);
      sent.push({ target, requestId, version: lane.version, state: lane.state, answer: answer.body });
    }
  }

  const written = await withWorkspaceQueries(targets.databaseUrl, async (query) => {
    const activity = await query(
      lane.workspaceId,
      'SELECT * FROM activity_entries WHERE workspace_id = $1 AND request_id = ANY($2::text[])',
      [lane.workspaceId, sent.map((write) => write.requestId)],
    );
    const events = await query(
      lane.workspaceId,
      `SELECT * FROM outbox WHERE workspace_id = $1 AND type = 'project.transitioned'
          AND data -> 'project' ->> 'id' = $2 AND (data -> 'project' ->> 'version')::int = ANY($3::int[])`,
      [lane.workspaceId, lane.projectId, sent.map((write) => write.version)],
    );
    return sent.map((write): WrittenTransition => ({
      ...write,
      activity: activity.filter((row) => row['request_id'] === write.requestId),
      events: events.filter((row) => asRecord(asRecord(row['data'])?.['project'])?.['version'] === write.version),
    }));
  });

  const problems = [0, 1].flatMap((step) => transitionDifferences(written[step], written[step + 2]));
  if (problems.length > 0) {
    throw new Error(
      `Keel and the baseline disagree on POST /v1/workspaces/${lane.workspaceId}/projects/${lane.projectId}/transitions:\n  ` +
        problems.join('\n  '),
    );
  }
}
