import { Injectable } from '@nestjs/common';
import { JobHandlers } from './job-handlers';
import { JobRunEnd } from './job-run-end';

/**
 * Tells the owner of a job type that one of its runs ended failed or
 * cancelled, in the caller's transaction: the ledger calls it wherever it
 * records such an end, so no path (a cancel, the reaper, a timeout) leaves
 * the owner's own records behind.
 */
@Injectable()
export class JobRunEndings {
  constructor(private readonly handlers: JobHandlers) {}

  async tell(type: string, end: JobRunEnd): Promise<void> {
    await this.handlers.get(type)?.ended?.(end);
  }
}
