import { Injectable } from '@nestjs/common';

/** Why a run's signal was aborted. */
export type AbortReason = 'cancel' | 'timeout' | 'shutdown';

/** The runs this process is executing, so a cancel heard for one aborts its signal. */
@Injectable()
export class RunningJobs {
  private readonly controllers = new Map<string, AbortController>();

  add(runId: string): AbortController {
    const controller = new AbortController();
    this.controllers.set(runId, controller);
    return controller;
  }

  remove(runId: string): void {
    this.controllers.delete(runId);
  }

  abort(runId: string, reason: AbortReason): void {
    const controller = this.controllers.get(runId);
    if (controller && !controller.signal.aborted) controller.abort(reason);
  }

  abortAll(reason: AbortReason): void {
    for (const runId of this.controllers.keys()) this.abort(runId, reason);
  }
}
