import { Injectable } from '@nestjs/common';
import { JobHandler } from './job-handler';

/** The job types of this process, registered by their modules at init. */
@Injectable()
export class JobHandlers {
  private readonly handlers = new Map<string, JobHandler>();

  register<TInput extends object>(handler: JobHandler<TInput>): void {
    if (this.handlers.has(handler.type)) throw new Error(`The job type ${handler.type} is registered twice.`);
    this.handlers.set(handler.type, handler as unknown as JobHandler);
  }

  get(type: string): JobHandler | undefined {
    return this.handlers.get(type);
  }

  all(): JobHandler[] {
    return [...this.handlers.values()];
  }
}
