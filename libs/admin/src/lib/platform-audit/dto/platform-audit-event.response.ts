import type { PlatformAuditEvent } from '../platform-audit-event.entity';

export class PlatformAuditActorResponse {
  /** `user` (a platform admin) or `cli` (a command run on the server). @example "user" */
  type: string;
  /** The admin's user id, or the operating-system user who ran the command. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  id: string;
}

export class PlatformAuditTargetResponse {
  /** @example "workspace" */
  type: string;
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a11" */
  id: string;
}

export class PlatformAuditEventResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a12" */
  id: string;
  /** @example "workspace.suspend" */
  action: string;
  actor: PlatformAuditActorResponse | null;
  target: PlatformAuditTargetResponse | null;
  /** The reason the admin gave, where the route asks for one. @example "Abuse report #4411: spam invitations" */
  reason: string | null;
  /** @example {"status":200} */
  data: Record<string, unknown>;
  /** @example "203.0.113.7" */
  clientAddress: string | null;
  /** @example "7f3c1d2e-4b5a-4c6d-8e9f-0a1b2c3d4e5f" */
  requestId: string | null;
  /** @example "2026-12-07T10:00:00.000Z" */
  occurredAt: string;

  static of(event: PlatformAuditEvent): PlatformAuditEventResponse {
    return {
      id: event.id,
      action: event.action,
      actor: event.actorType && event.actorId ? { type: event.actorType, id: event.actorId } : null,
      target: event.targetType && event.targetId ? { type: event.targetType, id: event.targetId } : null,
      reason: event.reason,
      data: event.data,
      clientAddress: event.clientAddress,
      requestId: event.requestId,
      occurredAt: event.occurredAt.toISOString(),
    };
  }
}

export class PlatformAuditEventListResponse {
  data: PlatformAuditEventResponse[];
  /** @example null */
  nextCursor: string | null;
}
