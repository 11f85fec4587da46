export class MemberResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  userId: string;
  /** @example "ada@example.com" */
  email: string;
  /** @example "Ada Lovelace" */
  name: string;
  /** @example "admin" */
  role: string;
  /** @example "2026-11-29T10:00:00.000Z" */
  joinedAt: string;
}

export class MemberListResponse {
  data: MemberResponse[];
  /** @example null */
  nextCursor: string | null;
}
