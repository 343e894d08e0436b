/**
 * Sign-in, step two (security.md R2): a TOTP code completes a pending sign-in and opens the
 * session. An account without MFA enrols here with the first code from its new key. A code is
 * accepted at most once: its time step must be later than the last one accepted, enforced by
 * a conditional UPDATE. Wrong codes count toward the lockout like wrong passwords.
 * Where the deployment requires it, ICE supervisors, the program office and administrators cannot
 * finish with a code: a right code answers 403 and lets the pending sign-in register the
 * account's first security key; the session comes only from complete-webauthn.ts.
 */
import { randomBytes } from 'node:crypto';
import type { Actor, Role } from '../../domain/actor.ts';
import type { AuditEvent } from '../../domain/audit.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { SESSION_ABSOLUTE_MS } from '../../domain/session.ts';
import * as accounts from '../../store/accounts.ts';
import { appendAudit } from '../../store/audit.ts';
import * as webauthn from '../../store/webauthn.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { authConfig, needsPhishingResistant } from './auth-config.ts';
import { lockAfterRepeatedFailures, type SignedInUser, tokenHash } from './sign-in.ts';
import { matchTotp } from './totp.ts';
import { openTotpSecret } from './totp-secret.ts';

type MfaFailure = Extract<AuditEvent, { type: 'session.mfa_failed' }>['data']['reason'];

/** Every refusal of this step gives the same answer; only the audit trail says why. */
const REFUSED = 'The code is not correct, or the sign-in has expired.';

class Raced extends Error {
  readonly reason: MfaFailure;
  constructor(reason: MfaFailure) {
    super(reason);
    this.reason = reason;
  }
}

export async function completeMfa(
  deps: Deps,
  actor: Actor,
  input: { pendingToken: string | undefined; code: string },
): Promise<Result<{ token: string; expiresAt: Date; user: SignedInUser; enrolled: boolean }>> {
  const denied = await guard(deps, actor, 'session.create');
  if (denied) return denied;
  const now = deps.clock.now();
  const hash = input.pendingToken ? tokenHash(input.pendingToken) : null;
  const pending = hash ? await accounts.findPendingSignIn(deps.db, hash, now) : undefined;

  const refuse = async (reason: MfaFailure, opts: { count?: boolean; end?: boolean } = {}) => {
    const auditId = await deps.db.transaction().execute(async (tx) => {
      const id = await appendAudit(tx, actor, now, {
        type: 'session.mfa_failed',
        resource: pending ? { type: 'user', id: pending.user_id } : null,
        data: { reason },
      });
      if (pending && opts.count) await lockAfterRepeatedFailures(tx, pending.user_id, now);
      if (hash && opts.end) await accounts.endPendingSignIn(tx, hash, now);
      return id;
    });
    return fail<never>('unauthenticated', REFUSED, {}, auditId);
  };

  if (!pending || !hash) return refuse('no_pending_sign_in');
  if (pending.locked_at) return refuse('account_locked', { end: true });
  if (pending.disabled_at) return refuse('account_disabled', { end: true });

  const enrolling = !pending.totp_enrolled_at;
  const sealed = enrolling ? pending.enrol_secret : pending.totp_secret;
  const secret = sealed ? openTotpSecret(pending.user_id, sealed, deps.mfaKey) : null;
  const step = secret ? await matchTotp(secret, input.code.trim(), now) : null;
  const lastStep = pending.totp_last_step === null ? null : Number(pending.totp_last_step);
  if (step === null) return refuse('wrong_code', { count: true });
  if (lastStep !== null && step <= lastStep) return refuse('code_reused', { count: true });

  const role = pending.role as Role;
  const user: SignedInUser = {
    userId: pending.user_id,
    email: pending.email,
    displayName: pending.display_name,
    role,
    agencyId: pending.agency_id,
  };
  const userActor: Actor = { kind: 'user', id: user.userId, role, agencyId: user.agencyId };
  if (needsPhishingResistant(authConfig(deps), role))
    return requireSecurityKey(deps, userActor, hash, step, sealed, enrolling);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  try {
    const auditId = await deps.db.transaction().execute(async (tx) => {
      // Each condition is checked under the row's lock: of two racing requests one wins.
      if (!(await accounts.acceptTotpStep(tx, user.userId, step))) throw new Raced('code_reused');
      if (!(await accounts.endPendingSignIn(tx, hash, now))) throw new Raced('no_pending_sign_in');
      if (enrolling) {
        if (!sealed || !(await accounts.setTotpSecret(tx, user.userId, sealed, now))) {
          throw new Raced('no_pending_sign_in');
        }
        await appendAudit(tx, userActor, now, {
          type: 'session.mfa_enrolled',
          resource: { type: 'user', id: user.userId },
          data: { method: 'totp', via: 'sign_in' },
        });
      }
      await appendAudit(tx, userActor, now, {
        type: 'session.mfa_verified',
        resource: { type: 'user', id: user.userId },
        data: { method: 'totp' },
      });
      await accounts.insertSession(tx, tokenHash(token), user.userId, now, expiresAt);
      // Lockout counts consecutive failures: a completed sign-in starts the count again.
      await accounts.clearSignInFailures(tx, user.userId);
      return appendAudit(tx, userActor, now, {
        type: 'session.signed_in',
        resource: { type: 'user', id: user.userId },
        data: { bannerVersion: pending.banner_version, mfa: 'totp' },
      });
    });
    return ok({ token, expiresAt, user, enrolled: enrolling }, auditId);
  } catch (error) {
    if (!(error instanceof Raced)) throw error;
    return refuse(error.reason, { count: error.reason === 'code_reused' });
  }
}

/** Message of the 403 for an account that must use a security key (security.md R2). */
export const PHISHING_RESISTANT_REQUIRED =
  'A phishing-resistant factor is required for this account: sign in with your security key.';

/**
 * The code was right, but the account must use a security key. The code is spent (and a new TOTP
 * key enrolled); the pending sign-in stays open so the account can register its first key.
 */
async function requireSecurityKey(
  deps: Deps,
  userActor: Actor,
  hash: string,
  step: number,
  sealed: string | null,
  enrolling: boolean,
): Promise<Result<never>> {
  const now = deps.clock.now();
  const keys = await webauthn.countCredentials(deps.db, userActor.id);
  const auditId = await deps.db.transaction().execute(async (tx) => {
    await accounts.acceptTotpStep(tx, userActor.id, step);
    if (enrolling && sealed && (await accounts.setTotpSecret(tx, userActor.id, sealed, now))) {
      await appendAudit(tx, userActor, now, {
        type: 'session.mfa_enrolled',
        resource: { type: 'user', id: userActor.id },
        data: { method: 'totp', via: 'sign_in' },
      });
    }
    await accounts.markPendingTotpVerified(tx, hash, now);
    return appendAudit(tx, userActor, now, {
      type: 'session.mfa_failed',
      resource: { type: 'user', id: userActor.id },
      data: { reason: 'phishing_resistant_required', purpose: 'sign_in' },
    });
  });
  return fail(
    'forbidden',
    PHISHING_RESISTANT_REQUIRED,
    {
      ruleId: 'phishing-resistant-factor-required',
      citation: 'security.md R2; NIST SP 800-53 IA-2(8); CJIS Security Policy 5.6.2.2',
      where: { next: keys > 0 ? 'webauthn' : 'webauthn_register' },
    },
    auditId,
  );
}
