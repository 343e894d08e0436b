/**
 * Disables every account unused for 90 days (R13, AC-2(3)) and ends its sessions in the same
 * transaction, one audit event per account. The server runs it hourly; `delegate users
 * disable-inactive` on demand.
 */
import { accountsToDisable } from '../../domain/account-lifecycle.ts';
import type { Actor } from '../../domain/actor.ts';
import { ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import { accountActivity, disableAccount } from '../../store/security-operations.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export async function disableInactiveAccounts(
  deps: Deps,
  actor: Actor,
): Promise<Result<{ disabled: { email: string; idleDays: number }[] }>> {
  const denied = await guard(deps, actor, 'user.create');
  if (denied) return denied;
  const now = deps.clock.now();
  const due = accountsToDisable(await accountActivity(deps.db), now);
  const disabled: { email: string; idleDays: number }[] = [];
  for (const { account, idleDays } of due) {
    const done = await deps.db.transaction().execute(async (tx) => {
      if (!(await disableAccount(tx, account.userId, now))) return false;
      await appendAudit(tx, actor, now, {
        type: 'user.disabled',
        resource: { type: 'user', id: account.userId },
        data: { reason: 'inactive', idleDays, sessionsEnded: true },
      });
      return true;
    });
    if (done) disabled.push({ email: account.email, idleDays });
  }
  return ok({ disabled });
}
