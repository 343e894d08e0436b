/**
 * An administrator disables an account — a termination takes effect at once (R13) — or ends all
 * of its sessions (R8). Either way every open session ends before the account's next request.
 */
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { findUserByEmail } from '../../store/accounts.ts';
import { appendAudit } from '../../store/audit.ts';
import { disableAccount as disableRow, endSessions } from '../../store/security-operations.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export async function disableAccount(
  deps: Deps,
  actor: Actor,
  input: { email: string; reason: 'terminated' | 'administrative'; detail: string },
): Promise<Result<{ userId: string }>> {
  const denied = await guard(deps, actor, 'user.create');
  if (denied) return denied;
  const detail = input.detail.trim();
  if (!detail || detail.length > 500)
    return fail('invalid_input', 'Give the reason in 1 to 500 characters.', { where: { field: 'detail' } });
  const user = await findUserByEmail(deps.db, input.email.trim());
  if (!user) return fail('not_found', 'No account has that email.');
  if (user.disabled_at) return fail('conflict', 'The account is already disabled.');
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    await disableRow(tx, user.user_id, now);
    return appendAudit(tx, actor, now, {
      type: 'user.disabled',
      resource: { type: 'user', id: user.user_id },
      data: { reason: input.reason, detail, sessionsEnded: true },
    });
  });
  return ok({ userId: user.user_id }, auditId);
}

export async function endUserSessions(
  deps: Deps,
  actor: Actor,
  input: { email: string },
): Promise<Result<{ userId: string; sessions: number }>> {
  const denied = await guard(deps, actor, 'user.create');
  if (denied) return denied;
  const user = await findUserByEmail(deps.db, input.email.trim());
  if (!user) return fail('not_found', 'No account has that email.');
  const now = deps.clock.now();
  const { sessions, auditId } = await deps.db.transaction().execute(async (tx) => {
    const sessions = await endSessions(tx, user.user_id, now);
    const auditId = await appendAudit(tx, actor, now, {
      type: 'user.sessions_ended',
      resource: { type: 'user', id: user.user_id },
      data: { sessions },
    });
    return { sessions, auditId };
  });
  return ok({ userId: user.user_id, sessions }, auditId);
}
