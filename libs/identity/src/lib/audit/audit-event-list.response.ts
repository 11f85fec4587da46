import { AuditEventResponse } from './audit-event.response';

export class AuditEventListResponse {
  data: AuditEventResponse[];
  /** @example null */
  nextCursor: string | null;
}
