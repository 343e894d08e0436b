/**
 * The account and privilege review report (R13, AC-2(j)): every account with its role, agency,
 * status and last activity, for the annual review. Producing it is audited.
 */
import {
  type AccountActivity,
  type AccountStatus,
  accountStatus,
  daysInactive,
} from '../../domain/account-lifecycle.ts';
import type { Actor } from '../../domain/actor.ts';
import { ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import { accountActivity } from '../../store/security-operations.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export interface AccountReviewRow {
  email: string;
  role: string;
  agencyId: string | null;
  status: AccountStatus;
  createdAt: string;
  lastActiveAt: string | null;
  daysInactive: number;
}

const row = (a: AccountActivity, now: Date): AccountReviewRow => ({
  email: a.email,
  role: a.role,
  agencyId: a.agencyId,
  status: accountStatus(a),
  createdAt: a.createdAt.toISOString(),
  lastActiveAt: a.lastActiveAt?.toISOString() ?? null,
  daysInactive: daysInactive(a, now),
});

export async function reviewAccounts(
  deps: Deps,
  actor: Actor,
  format: 'csv' | 'json',
): Promise<Result<AccountReviewRow[]>> {
  const denied = await guard(deps, actor, 'user.create');
  if (denied) return denied;
  const now = deps.clock.now();
  const rows = (await accountActivity(deps.db)).map((a) => row(a, now));
  const auditId = await deps.db.transaction().execute((tx) =>
    appendAudit(tx, actor, now, {
      type: 'accounts.reviewed',
      resource: null,
      data: { accounts: rows.length, format },
    }),
  );
  return ok(rows, auditId);
}
