export {
  currentIncomingRequest,
  openRequestContext,
  RequestContextModule,
  withoutGlobalEnhancers,
} from './lib/request-context.module';
export { RequestContext } from './lib/request-context';
export type { KeelClsStore, RequestDescription } from './lib/request-context';
export { resolveRequestId } from './lib/request-id';
export { continueOrStartTrace, formatTraceparent } from './lib/trace-context';
export type { TraceContext } from './lib/trace-context';
export { identifyIncomingRequest } from './lib/incoming-request';
export type { IncomingRequestIdentity } from './lib/incoming-request';
export { Public, PUBLIC_ROUTE } from './lib/public.decorator';
export { NotRateLimited, NOT_RATE_LIMITED_ROUTE } from './lib/not-rate-limited.decorator';
