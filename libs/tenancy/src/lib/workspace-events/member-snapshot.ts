/** A member as tenancy events carry it: who, and the role they hold (or held, for a removal). */
export interface MemberSnapshot {
  userId: string;
  email: string;
  name: string;
  role: string;
}

export function memberSnapshot(user: { id: string; email: string; name: string }, role: string): MemberSnapshot {
  return { userId: user.id, email: user.email, name: user.name, role };
}
