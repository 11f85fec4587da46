import { Injectable } from '@nestjs/common';

/** How long a process trusts what it last read about a session: the most a revoked session's access token lives on elsewhere. */
export const SESSION_STATE_CACHE_MS = 5_000;
const MAX_ENTRIES = 50_000;

/**
 * Whether a session is still active, remembered briefly so that verifying an
 * access token does not read the database on every request. A revocation in
 * this process takes effect at once; in another process within
 * SESSION_STATE_CACHE_MS.
 */
@Injectable()
export class SessionStateCache {
  private readonly entries = new Map<string, { active: boolean; until: number }>();

  get(sessionId: string, now = Date.now()): boolean | undefined {
    const entry = this.entries.get(sessionId);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(sessionId);
      return undefined;
    }
    return entry.active;
  }

  remember(sessionId: string, active: boolean, now = Date.now()): void {
    // Oldest first out: a Map iterates in insertion order.
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.delete(sessionId);
    this.entries.set(sessionId, { active, until: now + SESSION_STATE_CACHE_MS });
  }

  forget(sessionIds: readonly string[]): void {
    for (const id of sessionIds) this.entries.set(id, { active: false, until: Date.now() + SESSION_STATE_CACHE_MS });
  }
}
