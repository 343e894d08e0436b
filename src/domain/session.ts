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

/** A pending sign-in (password and banner done, second factor not yet) lasts this long. */
export const PENDING_SIGN_IN_MS = 5 * 60 * 1000;

/** TOTP (RFC 6238, security.md R2): six digits, 30-second steps, one step of clock drift either way. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_DRIFT_STEPS = 1;
export const TOTP_ISSUER = 'Delegate';

/**
 * The system-use notice (security.md R5, NIST 800-53 AC-8) shown before sign-in. Its four
 * statements: a U.S. Government system; use may be monitored, recorded and audited;
 * unauthorised use is prohibited and subject to penalties; use consents to monitoring.
 * Change the version whenever the text changes: each acknowledgement records it.
 */
export const SYSTEM_USE_BANNER = {
  version: '2026-05-01',
  title: 'U.S. Government information system',
  statements: [
    'You are accessing a U.S. Government information system, which includes this computer, this network, all computers connected to this network, and all devices and storage media attached to this network or to a computer on this network. This information system is provided for U.S. Government-authorized use only.',
    'Usage of this information system may be monitored, recorded, and subject to audit.',
    'Unauthorized or improper use of this information system is prohibited and may result in disciplinary action and civil and criminal penalties.',
    'By using this information system, you consent to such monitoring and recording, and you understand that you have no reasonable expectation of privacy regarding communications or data transiting or stored on this information system.',
  ],
} as const;
