import { constants } from 'node:os';

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** A signal arrived while a tool held resources (a child process, a temp folder) it must release first. */
export class InterruptedError extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
  }

  /** The conventional exit code of a process ended by this signal. */
  get exitCode(): number {
    return 128 + constants.signals[this.signal];
  }
}

/**
 * Rejects with InterruptedError on SIGINT/SIGTERM instead of letting Node exit
 * on the spot, so the caller's `finally` still stops its child process and
 * removes its temp folder.
 */
export async function unlessInterrupted<T>(work: Promise<T>): Promise<T> {
  let interrupt: (error: InterruptedError) => void = () => undefined;
  const interrupted = new Promise<never>((_, reject) => (interrupt = reject));
  const onSignal = (signal: NodeJS.Signals): void => interrupt(new InterruptedError(signal));
  for (const signal of SIGNALS) process.on(signal, onSignal);
  try {
    return await Promise.race([work, interrupted]);
  } finally {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
}
