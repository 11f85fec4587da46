import { sleep } from './random';
import type { SupervisedKeel } from './supervised-keel';

/** A workspace the senders create projects in, and the token of its owner. */
export interface SendTarget {
  workspaceId: string;
  accessToken: string;
}

/** The suite's requests to each API not yet answered: what an API kill cuts. */
export class RequestsInFlight {
  private readonly counts = new Map<SupervisedKeel, number>();

  of(api: SupervisedKeel): number {
    return this.counts.get(api) ?? 0;
  }

  async around<T>(api: SupervisedKeel, request: () => Promise<T>): Promise<T> {
    this.counts.set(api, this.of(api) + 1);
    try {
      return await request();
    } finally {
      this.counts.set(api, this.of(api) - 1);
    }
  }
}

export interface SendPlan {
  /** The APIs, each a separate process: sends alternate between them, and a retry goes to the next one. */
  apis: SupervisedKeel[];
  inFlight: RequestsInFlight;
  targets: SendTarget[];
  /** Projects per workspace: each one is a `project.created` event. */
  perWorkspace: number;
  /** Concurrent senders. */
  senders: number;
  /** The sends are spread evenly over about this long (they catch up after an outage)… */
  spreadMs: number;
  /**
   * …except the last `heldShare` of them, which trickle out one every
   * `trickleMs` until `unpaced` resolves (the faults are done): then the rest
   * go as fast as the senders can. So the send phase lasts as long as the
   * faults, however slow the machine, and an API kill still finds requests in
   * flight.
   */
  unpaced?: Promise<void>;
  heldShare?: number;
  trickleMs?: number;
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
  /** A retry was answered 409 PROJECT_KEY_TAKEN: an earlier attempt had committed (its answer lost). */
  committedEarlier: number;
  /** Retries that went to another API than the attempt before. */
  failedOver: number;
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
 * `spreadMs`, each send to the next API in turn. While PostgreSQL is down
 * the API answers 5xx or nothing, and an API killed mid-request answers
 * nothing: a send is retried, on the other API, until it lands. A request
 * that was in flight may have committed or not; the project key is unique
 * in the workspace, so a retry of one that committed is answered 409
 * PROJECT_KEY_TAKEN and creates nothing (what landed is counted from the
 * database, not from these answers).
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
    failedOver: 0,
    keys: new Map(plan.targets.map((target) => [target.workspaceId, []])),
    durationMs: 0,
  };
  const count = (what: string) => (report.failedAnswers[what] = (report.failedAnswers[what] ?? 0) + 1);
  const started = Date.now();
  const interval = plan.spreadMs / items.length;
  const trickle = plan.trickleMs ?? 250;
  const held = plan.unpaced ? Math.floor(items.length * (1 - (plan.heldShare ?? 0))) : items.length;
  let next = 0;
  let due = started;
  let paced = true;
  void plan.unpaced?.then(() => (paced = false));

  const sendOne = async (target: SendTarget, key: string, index: number): Promise<void> => {
    const deadline = Date.now() + (plan.giveUpAfterMs ?? 90_000);
    let previous: SupervisedKeel | undefined;
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) report.retries += 1;
      // The next API in turn; one that is down (being restarted) is skipped.
      const turn = [0, 1].map((offset) => plan.apis[(index + attempt - 1 + offset) % plan.apis.length]);
      const api = turn.find((candidate) => candidate.running) ?? turn[0];
      if (previous && api !== previous) report.failedOver += 1;
      previous = api;
      let status: number | 'network' = 'network';
      let code: unknown;
      let text = '';
      try {
        const answer = await plan.inFlight.around(api, async () => {
          const response = await fetch(`${api.url}/v1/workspaces/${target.workspaceId}/projects`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${target.accessToken}` },
            body: JSON.stringify({ key, name: `Fault ${key}` }),
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
          return { status: response.status, text: await response.text() };
        });
        status = answer.status;
        text = answer.text;
        if (status !== 201) code = (JSON.parse(text) as { code?: unknown }).code;
      } catch {
        // No answer (refused, reset, timed out, the API not running), or a body that is not JSON: the status says which.
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
      // Each send's moment follows the one before: a catch-up after an outage does not eat into the trickle.
      due = Math.max(due, index < held ? started + index * interval : Date.now()) + (index < held ? 0 : trickle);
      const mine = due;
      while (paced && mine > Date.now()) await sleep(Math.min(250, mine - Date.now()));
      const { target, key } = items[index];
      report.keys.get(target.workspaceId)?.push(key);
      await sendOne(target, key, index);
      report.landed += 1;
      plan.onLanded?.(report.landed);
    }
  };

  await Promise.all(Array.from({ length: plan.senders }, () => sender()));
  report.durationMs = Date.now() - started;
  return report;
}
