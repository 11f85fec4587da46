import { Invite } from '../invite.entity';

export const INVITE_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;
export type InviteStatus = (typeof INVITE_STATUSES)[number];

export function inviteStatus(invite: Invite, now = Date.now()): InviteStatus {
  if (invite.acceptedAt) return 'accepted';
  if (invite.revokedAt) return 'revoked';
  if (invite.expiresAt.getTime() <= now) return 'expired';
  return 'pending';
}

export class InviteResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a14" */
  id: string;
  /** @example "grace@example.com" */
  email: string;
  /** @example "member" */
  role: string;
  /** @example "pending" */
  status: InviteStatus;
  /** @example "2026-12-06T10:00:00.000Z" */
  expiresAt: string;
  /** @example "2026-11-29T10:00:00.000Z" */
  createdAt: string;

  static of(invite: Invite): InviteResponse {
    return {
      id: invite.id,
      email: invite.email,
      role: invite.roleKey,
      status: inviteStatus(invite),
      expiresAt: invite.expiresAt.toISOString(),
      createdAt: invite.createdAt.toISOString(),
    };
  }
}

export class CreatedInviteResponse extends InviteResponse {
  /** The invite token: in this response and the invite mail only. @example "q3mZ8c1Xv0Rk7Hn2Lp5Ws9Ty4Ub6Ja1Dc3Ef5Gh7Ij9" */
  token: string;
}

export class InviteListResponse {
  data: InviteResponse[];
  /** @example null */
  nextCursor: string | null;
}

export class AcceptedInviteResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  workspaceId: string;
  /** @example "member" */
  role: string;
}
