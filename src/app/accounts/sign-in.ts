/** Signs a user in with email and password and opens a server-side session. */
import { createHash, randomBytes } from 'node:crypto';
import type { Actor, Role } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { LOCKOUT_FAILURES, LOCKOUT_WINDOW_MS, SESSION_ABSOLUTE_MS } from '../../domain/session.ts';
import * as accounts from '../../store/accounts.ts';
import { appendAudit } from '../../store/audit.ts';
import type { Tx } from '../../store/db.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { DUMMY_HASH, verifyPassword } from './passwords.ts';

export interface SignedInUser {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  agencyId: string | null;
}

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

const REFUSED = 'The email or password is not correct.';

/** Counts this failure; the fifth within the window locks the account until an administrator unlocks it. */
async function lockAfterRepeatedFailures(tx: Tx, userId: string, now: Date): Promise<void> {
  await accounts.recordSignInFailure(tx, userId, now);
  const failures = await accounts.signInFailuresSince(
    tx,
    userId,
    new Date(now.getTime() - LOCKOUT_WINDOW_MS),
  );
  if (failures < LOCKOUT_FAILURES) return;
  await accounts.setLocked(tx, userId, now);
  await appendAudit(
    tx,
    { kind: 'operator', id: 'operator:system', role: 'program_office', agencyId: null },
    now,
    {
      type: 'user.locked',
      resource: { type: 'user', id: userId },
      data: { failures, windowMinutes: LOCKOUT_WINDOW_MS / 60_000 },
    },
  );
}

export async function signIn(
  deps: Deps,
  actor: Actor,
  input: { email: string; password: string },
): Promise<Result<{ token: string; expiresAt: Date; user: SignedInUser }>> {
  const denied = await guard(deps, actor, 'session.create');
  if (denied) return denied;
  const user = await accounts.findUserByEmail(deps.db, input.email.trim());
  // Always verify, even for an unknown account, so every refusal takes the same time.
  const passwordOk = await verifyPassword(user?.password_hash ?? DUMMY_HASH, input.password);
  const now = deps.clock.now();
  const reason = !user
    ? 'unknown_account'
    : user.locked_at
      ? 'account_locked'
      : !passwordOk
        ? 'wrong_password'
        : user.disabled_at
          ? 'account_disabled'
          : null;
  if (reason || !user) {
    // Every refusal gives the same answer; only the audit trail says why.
    const auditId = await deps.db.transaction().execute(async (tx) => {
      const id = await appendAudit(tx, actor, now, {
        type: 'session.sign_in_failed',
        resource: null,
        data: { reason: reason ?? 'unknown_account' },
      });
      if (user && reason === 'wrong_password') await lockAfterRepeatedFailures(tx, user.user_id, now);
      return id;
    });
    return fail('unauthenticated', REFUSED, {}, auditId);
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  const signedIn: SignedInUser = {
    userId: user.user_id,
    email: user.email,
    displayName: user.display_name,
    role: user.role as Role,
    agencyId: user.agency_id,
  };
  const userActor: Actor = { kind: 'user', id: user.user_id, role: signedIn.role, agencyId: user.agency_id };
  const auditId = await deps.db.transaction().execute(async (tx) => {
    await accounts.insertSession(tx, tokenHash(token), user.user_id, now, expiresAt);
    // Lockout counts consecutive failures: a successful sign-in starts the count again.
    await accounts.clearSignInFailures(tx, user.user_id);
    return appendAudit(tx, userActor, now, {
      type: 'session.signed_in',
      resource: { type: 'user', id: user.user_id },
      data: {},
    });
  });
  return ok({ token, expiresAt, user: signedIn }, auditId);
}
