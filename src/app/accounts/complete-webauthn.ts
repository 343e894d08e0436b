/**
 * Sign-in, step two by security key (security.md R2), the alternative to a TOTP code and the
 * only one for accounts that must use a phishing-resistant factor: options with a challenge bound
 * to the pending sign-in, then the assertion checked (origin, RP id, signature, counter) and the
 * session opened in the same transaction that consumes the challenge and raises the counter.
 * Failures count toward the lockout like wrong codes and give one answer; the audit says why.
 */
import { randomBytes } from 'node:crypto';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { Actor, Role } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { SESSION_ABSOLUTE_MS } from '../../domain/session.ts';
import * as accounts from '../../store/accounts.ts';
import { appendAudit } from '../../store/audit.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { lockAfterRepeatedFailures, type SignedInUser, tokenHash } from './sign-in.ts';
import {
  type AuthenticationResponseJSON,
  acceptAssertion,
  assertionOptions,
  verifyAssertion,
  type WebauthnFailure,
} from './webauthn-ceremony.ts';

const REFUSED = 'The security key was not accepted, or the sign-in has expired.';

class Raced extends Error {
  readonly reason: WebauthnFailure;
  constructor(reason: WebauthnFailure) {
    super(reason);
    this.reason = reason;
  }
}

async function pendingOf(deps: Deps, pendingToken: string | undefined) {
  const hash = pendingToken ? tokenHash(pendingToken) : null;
  const pending = hash ? await accounts.findPendingSignIn(deps.db, hash, deps.clock.now()) : undefined;
  return { hash, pending };
}

export async function webauthnSignInOptions(
  deps: Deps,
  actor: Actor,
  input: { pendingToken: string | undefined },
): Promise<Result<PublicKeyCredentialRequestOptionsJSON>> {
  const denied = await guard(deps, actor, 'session.create');
  if (denied) return denied;
  const { hash, pending } = await pendingOf(deps, input.pendingToken);
  if (!pending || !hash || pending.locked_at || pending.disabled_at) return fail('unauthenticated', REFUSED);
  const options = await assertionOptions(deps, 'sign_in', pending.user_id, hash);
  if (!options) {
    return fail('conflict', 'No security key is registered for this account.', {
      where: { next: pending.totp_verified_at ? 'webauthn_register' : 'mfa' },
    });
  }
  return ok(options);
}

export async function completeWebauthn(
  deps: Deps,
  actor: Actor,
  input: { pendingToken: string | undefined; response: AuthenticationResponseJSON },
): Promise<Result<{ token: string; expiresAt: Date; user: SignedInUser }>> {
  const denied = await guard(deps, actor, 'session.create');
  if (denied) return denied;
  const now = deps.clock.now();
  const { hash, pending } = await pendingOf(deps, input.pendingToken);

  const refuse = async (
    reason: WebauthnFailure | 'no_pending_sign_in' | 'account_locked' | 'account_disabled',
  ) => {
    const auditId = await deps.db.transaction().execute(async (tx) => {
      const id = await appendAudit(tx, actor, now, {
        type: 'session.mfa_failed',
        resource: pending ? { type: 'user', id: pending.user_id } : null,
        data: { reason, purpose: 'sign_in' },
      });
      // A wrong key or signature counts like a wrong code; a stale challenge is no guess.
      if (pending && reason.startsWith('webauthn_') && reason !== 'webauthn_challenge_invalid') {
        await lockAfterRepeatedFailures(tx, pending.user_id, now);
      }
      if (hash && (reason === 'account_locked' || reason === 'account_disabled')) {
        await accounts.endPendingSignIn(tx, hash, now);
      }
      return id;
    });
    return fail<never>('unauthenticated', REFUSED, {}, auditId);
  };

  if (!pending || !hash) return refuse('no_pending_sign_in');
  if (pending.locked_at) return refuse('account_locked');
  if (pending.disabled_at) return refuse('account_disabled');
  const checked = await verifyAssertion(deps, 'sign_in', pending.user_id, hash, input.response);
  if (!checked.ok) return refuse(checked.reason);

  const role = pending.role as Role;
  const user: SignedInUser = {
    userId: pending.user_id,
    email: pending.email,
    displayName: pending.display_name,
    role,
    agencyId: pending.agency_id,
  };
  const userActor: Actor = { kind: 'user', id: user.userId, role, agencyId: user.agencyId };
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  try {
    const auditId = await deps.db.transaction().execute(async (tx) => {
      const raced = await acceptAssertion(tx, checked.value, now);
      if (raced) throw new Raced(raced);
      if (!(await accounts.endPendingSignIn(tx, hash, now))) throw new Raced('webauthn_challenge_invalid');
      await appendAudit(tx, userActor, now, {
        type: 'session.mfa_verified',
        resource: { type: 'user', id: user.userId },
        data: { method: 'webauthn', credentialId: checked.value.credentialId },
      });
      await accounts.insertSession(tx, tokenHash(token), user.userId, now, expiresAt, 'webauthn');
      await accounts.clearSignInFailures(tx, user.userId);
      return appendAudit(tx, userActor, now, {
        type: 'session.signed_in',
        resource: { type: 'user', id: user.userId },
        data: { bannerVersion: pending.banner_version, mfa: 'webauthn' },
      });
    });
    return ok({ token, expiresAt, user }, auditId);
  } catch (error) {
    if (!(error instanceof Raced)) throw error;
    return refuse(error.reason);
  }
}
