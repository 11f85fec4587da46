/**
 * A tool that ran could not do its work for a reason outside Keel (an HTTP
 * tool's API refused, timed out, answered too much): the step fails with
 * this code and reason, which the model reads like a service's refusal.
 */
export class ToolFailure extends Error {
  constructor(
    readonly code: string,
    readonly reason: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(`${code}: ${reason}`);
    this.name = 'ToolFailure';
  }
}
