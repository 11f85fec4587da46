/**
 * Issue 20: `POST /v1/auth/password/forgot` answered an address with an
 * account in about twice the time of one without (the reset-token write), so
 * its timing told who has an account. Both must take the same time.
 */
import { SecretBox } from '@keel/platform-crypto';
import { SmtpListener, startSmtpListener } from '@keel/platform-testing';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { TEST_APP_URL } from './support/keel-mail';
import { signUp, uniqueEmail } from './support/keel-people';

const PAIRS = 60;
const WARM_UP = 10;
/**
 * How far apart the two medians may be, relative to the smaller: generous for a
 * shared machine, and still well below the gap that told accounts apart (about 90 %).
 */
const RELATIVE_TOLERANCE = 0.3;

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

describe('password-forgot timing', () => {
  let listener: SmtpListener;
  let keel: KeelOnTestDatabase;

  beforeAll(async () => {
    listener = await startSmtpListener();
    keel = await startKeelOnTestDatabase({
      SMTP_URL: listener.url,
      APP_URL: TEST_APP_URL,
      KEEL_MASTER_KEY: SecretBox.generateKey(),
      LOG_LEVEL: 'warn',
      // Every request for the account does all its work: no interval to make the later ones cheap.
      LINK_MAIL_INTERVAL_SECONDS: '0',
    });
  });

  afterAll(async () => {
    await keel?.stop();
    await listener?.stop();
  });

  async function timedForgot(email: string): Promise<number> {
    const started = performance.now();
    const response = await fetch(`${keel.keel.url}/v1/auth/password/forgot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    await response.arrayBuffer();
    const elapsed = performance.now() - started;
    expect(response.status).toBe(202);
    return elapsed;
  }

  it('should answer an address with an account in the same time as one without (medians over alternating samples)', async () => {
    const account = await signUp(keel.keel.url, 'timed');
    const known: number[] = [];
    const unknown: number[] = [];

    for (let pair = 0; pair < WARM_UP + PAIRS; pair++) {
      // Alternating, and which goes first alternating too: a slow moment of the machine hits both alike.
      const order = pair % 2 === 0 ? ['known', 'unknown'] : ['unknown', 'known'];
      for (const which of order) {
        const elapsed = await timedForgot(which === 'known' ? account.email : uniqueEmail('no-account'));
        if (pair < WARM_UP) continue;
        (which === 'known' ? known : unknown).push(elapsed);
      }
    }

    const knownMedian = median(known);
    const unknownMedian = median(unknown);
    const relativeGap = Math.abs(knownMedian - unknownMedian) / Math.min(knownMedian, unknownMedian);
    // Compared as one object, so a failure prints both medians.
    expect({ knownMedian, unknownMedian, withinTolerance: relativeGap < RELATIVE_TOLERANCE }).toEqual({
      knownMedian: expect.any(Number),
      unknownMedian: expect.any(Number),
      withinTolerance: true,
    });
  });
});
