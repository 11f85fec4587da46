import { Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';

/** What a context says about itself on /health/ready: always `up`, plus its facts. */
export type ReadinessFacts = () => Record<string, unknown>;

/**
 * Facts the contexts add to /health/ready under their own key (the search
 * modes a deployment answers in, say), without the kernel knowing the
 * contexts: each registers at start. They inform; they never make the
 * process unready.
 */
@Injectable()
export class ReadinessDetails {
  private readonly facts = new Map<string, ReadinessFacts>();

  register(key: string, facts: ReadinessFacts): void {
    if (this.facts.has(key)) throw new Error(`Readiness details "${key}" are registered twice.`);
    this.facts.set(key, facts);
  }

  /** One indicator per registered key, for the health check. */
  indicators(): (() => Promise<HealthIndicatorResult>)[] {
    return [...this.facts].map(
      ([key, facts]) =>
        async () =>
          ({ [key]: { ...facts(), status: 'up' } }) as HealthIndicatorResult,
    );
  }
}
