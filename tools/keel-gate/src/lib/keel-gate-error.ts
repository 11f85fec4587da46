/** Anything that stops a command before it has an answer to give: printed on stderr, exit 2. */
export class KeelGateError extends Error {
  /** Extra lines printed under the message (field errors, hints). */
  readonly details: string[];

  constructor(message: string, details: string[] = []) {
    super(message);
    this.name = 'KeelGateError';
    this.details = details;
  }
}

/** A command line keel-gate cannot run: the message is followed by the usage of the command. */
export class UsageError extends KeelGateError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Keel answered with an RFC 9457 problem (or another error status). */
export class ProblemError extends KeelGateError {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    details: string[],
  ) {
    super(message, details);
    this.name = 'ProblemError';
  }
}
