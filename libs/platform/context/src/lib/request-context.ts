import { Injectable } from '@nestjs/common';
import { ClsService, ClsStore } from 'nestjs-cls';
import { TraceContext } from './trace-context';

export interface KeelClsStore extends ClsStore {
  requestId: string;
  trace: TraceContext;
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
}
