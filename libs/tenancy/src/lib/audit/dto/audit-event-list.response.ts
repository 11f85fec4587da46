import { AuditEventResponse } from '@keel/identity';

export class AuditEventListResponse {
  data: AuditEventResponse[];
  /** @example null */
  nextCursor: string | null;
}
