/** Sign-in, step one: banner and password. Step two (the second factor) is complete-mfa.ts. */
import { createHash, randomBytes } from 'node:crypto';
import type { Actor, Role } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import {
  LOCKOUT_FAILURES,
  LOCKOUT_WINDOW_MS,
  PENDING_SIGN_IN_MS,
  SYSTEM_USE_BANNER,
} from '../../domain/session.ts';
import * as accounts from '../../store/accounts.ts';
import { appendAudit } from '../../store/audit.ts';
import type { Tx } from '../../store/db.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { DUMMY_HASH, verifyPassword } from './passwords.ts';
import { newTotpSecret, otpauthUri } from './totp.ts';
import { sealTotpSecret } from './totp-secret.ts';

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
export async function lockAfterRepeatedFailures(tx: Tx, userId: string, now: Date): Promise<void> {
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

export interface PasswordStepResult {
  /** The pending sign-in's token: its own cookie, accepted only by the MFA step. */
  pendingToken: string;
  expiresAt: Date;
  /** `mfa`: enter a code. `enrol`: add the key below to an authenticator app, then enter its first code. */
  next: 'mfa' | 'enrol';
  /** Only for an account without MFA, and only in this answer: the key is never shown again. */
  enrolment?: { secret: string; otpauthUri: string };
}

/**
 * Step one of two: the system-use banner acknowledged (R5) and the password checked. Opens a
 * pending sign-in with no privileges; `completeMfa` turns it into a session (R2).
 */
export async function signIn(
  deps: Deps,
  actor: Actor,
  input: { email: string; password: string; acknowledgedBanner: boolean },
): Promise<Result<PasswordStepResult>> {
  const denied = await guard(deps, actor, 'session.create');
  if (denied) return denied;
  if (input.acknowledgedBanner !== true) {
    return fail('invalid_input', 'Acknowledge the system-use notice to sign in.', {
      where: { field: 'acknowledgedBanner' },
    });
  }
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
  const pendingToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + PENDING_SIGN_IN_MS);
  const enrolSecret = user.totp_enrolled_at ? null : newTotpSecret();
  const userActor: Actor = {
    kind: 'user',
    id: user.user_id,
    role: user.role as Role,
    agencyId: user.agency_id,
  };
  // Failures are not cleared here: only a completed second factor starts the count again.
  const auditId = await deps.db.transaction().execute(async (tx) => {
    await accounts.insertPendingSignIn(tx, {
      tokenHash: tokenHash(pendingToken),
      userId: user.user_id,
      at: now,
      expiresAt,
      bannerVersion: SYSTEM_USE_BANNER.version,
      enrolSecret: enrolSecret ? sealTotpSecret(user.user_id, enrolSecret, deps.mfaKey) : null,
    });
    return appendAudit(tx, userActor, now, {
      type: 'session.banner_acknowledged',
      resource: { type: 'user', id: user.user_id },
      data: { bannerVersion: SYSTEM_USE_BANNER.version },
    });
  });
  return ok(
    enrolSecret
      ? {
          pendingToken,
          expiresAt,
          next: 'enrol',
          enrolment: { secret: enrolSecret, otpauthUri: otpauthUri(user.email, enrolSecret) },
        }
      : { pendingToken, expiresAt, next: 'mfa' },
    auditId,
  );
}
