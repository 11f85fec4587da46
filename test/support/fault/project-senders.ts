import { sleep } from './random';

/** A workspace the senders create projects in, and the token of its owner. */
export interface SendTarget {
  workspaceId: string;
  accessToken: string;
}

export interface SendPlan {
  apiUrl: () => string;
  targets: SendTarget[];
  /** Projects per workspace: each one is a `project.created` event. */
  perWorkspace: number;
  /** Concurrent senders. */
  senders: number;
  /** The sends are spread evenly over about this long (they catch up after an outage). */
  spreadMs: number;
  /** Called after each project has landed, with how many have. */
  onLanded?: (landed: number) => void;
  /** A project that has not landed after this long fails the run. */
  giveUpAfterMs?: number;
}

export interface SendReport {
  /** Projects that exist now, whichever way they landed. */
  landed: number;
  /** Landed with a 201. */
  created: number;
  /** A retry was answered 409 PROJECT_KEY_TAKEN: an earlier attempt had committed. */
  committedEarlier: number;
  /** Requests beyond the first, over all projects. */
  retries: number;
  /** Every answer that was not a 201, by status (or `network` for a request that got none). */
  failedAnswers: Record<string, number>;
  /** The keys sent, by workspace. */
  keys: Map<string, string[]>;
  durationMs: number;
}

/** `P0001`, `P0002`…: 2–10 capitals and digits, starting with a letter, unique in the workspace. */
export function projectKey(index: number): string {
  return `P${String(index).padStart(4, '0')}`;
}

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Creates `perWorkspace` projects in every target through POST …/projects,
 * interleaving the workspaces, from a few concurrent senders, paced over
 * `spreadMs`. While PostgreSQL is down the API answers 5xx or nothing: a send
 * is retried until it lands, and a 409 PROJECT_KEY_TAKEN on a retry means
 * the first attempt committed (its event is in the outbox exactly once).
 */
export async function sendProjects(plan: SendPlan): Promise<SendReport> {
  const items: Array<{ target: SendTarget; key: string }> = [];
  for (let index = 1; index <= plan.perWorkspace; index++) {
    for (const target of plan.targets) items.push({ target, key: projectKey(index) });
  }
  const report: SendReport = {
    landed: 0,
    created: 0,
    committedEarlier: 0,
    retries: 0,
    failedAnswers: {},
    keys: new Map(plan.targets.map((target) => [target.workspaceId, []])),
    durationMs: 0,
  };
  const count = (what: string) => (report.failedAnswers[what] = (report.failedAnswers[what] ?? 0) + 1);
  const started = Date.now();
  const interval = plan.spreadMs / items.length;
  let next = 0;

  const sendOne = async (target: SendTarget, key: string): Promise<void> => {
    const deadline = Date.now() + (plan.giveUpAfterMs ?? 90_000);
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) report.retries += 1;
      let status: number | 'network' = 'network';
      let code: unknown;
      let text = '';
      try {
        const response = await fetch(`${plan.apiUrl()}/v1/workspaces/${target.workspaceId}/projects`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${target.accessToken}` },
          body: JSON.stringify({ key, name: `Fault ${key}` }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        status = response.status;
        text = await response.text();
        if (status !== 201) code = (JSON.parse(text) as { code?: unknown }).code;
      } catch {
        // No answer (refused, reset, timed out), or one whose body is not JSON: the status says which.
      }
      if (status === 201) {
        report.created += 1;
        return;
      }
      count(code ? `${status} ${String(code)}` : String(status));
      if (status === 409 && code === 'PROJECT_KEY_TAKEN' && attempt > 1) {
        report.committedEarlier += 1;
        return;
      }
      const retryable = status === 'network' || status >= 500 || status === 429 || status === 401;
      if (!retryable) {
        throw new Error(`POST project ${key} in ${target.workspaceId}: unexpected ${status}: ${text.slice(0, 500)}`);
      }
      if (Date.now() > deadline) {
        throw new Error(
          `POST project ${key} in ${target.workspaceId} did not land within the time allowed (last: ${status})`,
        );
      }
      await sleep(Math.min(1_000, 100 * 2 ** Math.min(attempt, 4)));
    }
  };

  const sender = async (): Promise<void> => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      const due = started + index * interval;
      if (due > Date.now()) await sleep(due - Date.now());
      const { target, key } = items[index];
      report.keys.get(target.workspaceId)?.push(key);
      await sendOne(target, key);
      report.landed += 1;
      plan.onLanded?.(report.landed);
    }
  };

  await Promise.all(Array.from({ length: plan.senders }, () => sender()));
  report.durationMs = Date.now() - started;
  return report;
}
