/**
 * Thrown by a handler when another attempt cannot succeed (the input names
 * something that is gone, a rule refuses it): the run fails at once instead
 * of spending its remaining attempts.
 */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}
