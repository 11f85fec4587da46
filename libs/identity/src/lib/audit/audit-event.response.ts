import { ActorReferenceResponse } from '../authentication/actor-reference.response';
import type { AccountAuditEvent } from './account-audit-event.entity';
import type { AuditEvent } from './audit-event.entity';

export class AuditTargetResponse {
  /** @example "member" */
  type: string;
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a11" */
  id: string;
}

export class AuditEventResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a12" */
  id: string;
  /** @example "member.role_changed" */
  action: string;
  actor: ActorReferenceResponse | null;
  target: AuditTargetResponse | null;
  /** @example {"from":"member","to":"admin"} */
  data: Record<string, unknown>;
  /** @example "203.0.113.7" */
  clientAddress: string | null;
  /** @example "keel-sdk/0.1" */
  userAgent: string | null;
  /** @example "7f3c1d2e-4b5a-4c6d-8e9f-0a1b2c3d4e5f" */
  requestId: string | null;
  /** @example "2026-11-29T10:00:00.000Z" */
  occurredAt: string;
  /** The event's place in its chain (the workspace's, or the account's trail), from 1. @example 17 */
  seq: number;
  /** The hash of the event before it in the chain (64 zeros for the first). @example "9f2c4e1a7b3d5f6e8a0c2e4f6a8b0d1e3f5a7c9e1b3d5f7a9c1e3f5a7b9d1e3f" */
  prevHash: string;
  /** SHA-256 (hex) of the event's canonical form (docs/security.md, "The audit chain"). @example "4b1d3f5a7c9e1b3d5f7a9c1e3f5a7b9d1e3f9f2c4e1a7b3d5f6e8a0c2e4f6a8b" */
  hash: string;

  static of(event: AuditEvent | AccountAuditEvent): AuditEventResponse {
    return {
      id: event.id,
      action: event.action,
      actor: ActorReferenceResponse.of(event.actorType, event.actorId),
      target: event.targetType && event.targetId ? { type: event.targetType, id: event.targetId } : null,
      data: event.data,
      clientAddress: event.clientAddress,
      userAgent: event.userAgent,
      requestId: event.requestId,
      occurredAt: event.occurredAt.toISOString(),
      seq: event.seq,
      prevHash: event.prevHash,
      hash: event.hash,
    };
  }
}
