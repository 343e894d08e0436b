/**
 * Account lifecycle rules (R13, AC-2(3)): an account unused for 90 days is disabled; the annual
 * review lists every account with its role, agency and last activity. Pure: the caller passes
 * the accounts and the time.
 */

/** Days without activity after which an account is disabled (AC-2(3); org-defined, CJIS floor). */
export const INACTIVE_DAYS = 90;

const DAY_MS = 86_400_000;

export interface AccountActivity {
  userId: string;
  email: string;
  role: string;
  agencyId: string | null;
  createdAt: Date;
  disabledAt: Date | null;
  lockedAt: Date | null;
  /** The last request of any of the account's sessions; null when it never signed in. */
  lastActiveAt: Date | null;
}

/** Whole days since the account was last used (or created, when it never signed in). */
export function daysInactive(a: AccountActivity, now: Date): number {
  const since = a.lastActiveAt ?? a.createdAt;
  return Math.floor((now.getTime() - since.getTime()) / DAY_MS);
}

/** The enabled accounts to disable now for inactivity, with their idle days. */
export function accountsToDisable(
  accounts: readonly AccountActivity[],
  now: Date,
  days = INACTIVE_DAYS,
): { account: AccountActivity; idleDays: number }[] {
  return accounts
    .filter((a) => a.disabledAt === null)
    .map((account) => ({ account, idleDays: daysInactive(account, now) }))
    .filter((x) => x.idleDays >= days);
}

export type AccountStatus = 'active' | 'locked' | 'disabled';

export const accountStatus = (a: AccountActivity): AccountStatus =>
  a.disabledAt ? 'disabled' : a.lockedAt ? 'locked' : 'active';

/** Lockouts in this window from anywhere raise an incident (R41: 10 in 15 minutes, org-defined). */
export const LOCKOUT_INCIDENT = { count: 10, windowMinutes: 15 } as const;

/** The incident signals routed to on-call (R41). */
export const INCIDENT_SIGNALS = [
  'audit_chain_break',
  'checkpoint_mismatch',
  'lockout_burst',
  'audit_pipeline_failure',
  'clock_skew',
  'integrity_check_failed',
] as const;
export type IncidentSignal = (typeof INCIDENT_SIGNALS)[number];
