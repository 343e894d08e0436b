/** An administrator unlocks an account locked after repeated failed sign-ins. */
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import * as accounts from '../../store/accounts.ts';
import { appendAudit } from '../../store/audit.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { requireRecentAuth } from './recent-auth.ts';

export async function unlockUser(
  deps: Deps,
  actor: Actor,
  input: { email: string },
): Promise<Result<{ userId: string }>> {
  const denied = await guard(deps, actor, 'user.create');
  if (denied) return denied;
  const stale = requireRecentAuth(deps, actor, 'user.unlock');
  if (stale) return stale;
  const user = await accounts.findUserByEmail(deps.db, input.email.trim());
  if (!user) return fail('not_found', 'No account has that email.');
  if (!user.locked_at) return fail('conflict', 'The account is not locked.');
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    await accounts.setLocked(tx, user.user_id, null);
    return appendAudit(tx, actor, now, {
      type: 'user.unlocked',
      resource: { type: 'user', id: user.user_id },
      data: {},
    });
  });
  return ok({ userId: user.user_id }, auditId);
}
