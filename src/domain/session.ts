/** Session limits (CJIS 5.5.5 asks for a session lock after 30 minutes of inactivity). */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
}

export type SessionState = 'active' | 'idle_timeout' | 'expired' | 'ended';

export function sessionState(s: SessionTimes, now: Date): SessionState {
  if (s.endedAt) return 'ended';
  if (now.getTime() >= s.expiresAt.getTime()) return 'expired';
  if (now.getTime() - s.lastSeenAt.getTime() >= SESSION_IDLE_MS) return 'idle_timeout';
  return 'active';
}

/** Lockout (security.md R4; CJIS 5.5.3): this many failures within the window lock the account. */
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;
