import { Injectable } from '@nestjs/common';
import { ClsService, ClsStore } from 'nestjs-cls';
import type { IncomingRequestIdentity } from './incoming-request';
import { TraceContext } from './trace-context';

/** What a request's log line names about who called and where, once the guards know it. */
export type RequestDescription = Pick<IncomingRequestIdentity, 'workspaceId' | 'actorType' | 'actorId'>;

export interface KeelClsStore extends ClsStore {
  requestId: string;
  trace: TraceContext;
  /** The HTTP request being served (absent in jobs and consumers). */
  incoming?: IncomingRequestIdentity;
  clientAddress?: string;
  userAgent?: string;
}

/** Typed access to what the current request (or job) carries; no argument threading through services. */
@Injectable()
export class RequestContext {
  constructor(private readonly cls: ClsService<KeelClsStore>) {}

  get active(): boolean {
    return this.cls.isActive();
  }

  get requestId(): string | undefined {
    return this.active ? this.cls.get('requestId') : undefined;
  }

  get trace(): TraceContext | undefined {
    return this.active ? this.cls.get('trace') : undefined;
  }

  get clientAddress(): string | undefined {
    return this.active ? this.cls.get('clientAddress') : undefined;
  }

  get userAgent(): string | undefined {
    return this.active ? this.cls.get('userAgent') : undefined;
  }

  /** Adds to the log line of the HTTP request being served (nothing outside one). */
  describe(description: RequestDescription): void {
    const incoming = this.active ? this.cls.get('incoming') : undefined;
    if (incoming) Object.assign(incoming, description);
  }
}
