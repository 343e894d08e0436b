/**
 * Re-authentication within a session (security.md R6, R7): the password and a TOTP code, or a
 * security key, proved again. The session's token rotates (the old cookie stops working at
 * once) and its `reauthenticated_at` opens the window for privileged actions (recent-auth.ts).
 * Accounts that must use a phishing-resistant factor re-authenticate only with a security key.
 * Failures are audited and count toward the lockout like those of sign-in.
 */
import { randomBytes } from 'node:crypto';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { Actor, Role } from '../../domain/actor.ts';
import type { AuditEvent } from '../../domain/audit.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { sessionState } from '../../domain/session.ts';
import * as accounts from '../../store/accounts.ts';
import { appendAudit } from '../../store/audit.ts';
import type { Tx } from '../../store/db.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { authConfig, needsPhishingResistant } from './auth-config.ts';
import { PHISHING_RESISTANT_REQUIRED } from './complete-mfa.ts';
import { DUMMY_HASH, verifyPassword } from './passwords.ts';
import { lockAfterRepeatedFailures, tokenHash } from './sign-in.ts';
import { matchTotp } from './totp.ts';
import { openTotpSecret } from './totp-secret.ts';
import {
  type AuthenticationResponseJSON,
  acceptAssertion,
  assertionOptions,
  verifyAssertion,
} from './webauthn-ceremony.ts';

type Failure = Extract<AuditEvent, { type: 'session.mfa_failed' }>['data']['reason'] | 'wrong_password';

const REFUSED = 'The password, code or security key is not correct.';
const SIGN_IN = 'Your session has ended. Sign in again.';

export interface Reauthenticated {
  /** The session's new token: the old one no longer works. */
  token: string;
  expiresAt: Date;
  reauthenticatedAt: Date;
}

/** The caller's own, still active session. */
async function activeSession(deps: Deps, actor: Actor, sessionToken: string | undefined) {
  if (!sessionToken || actor.kind !== 'user') return null;
  const hash = tokenHash(sessionToken);
  const s = await accounts.findSession(deps.db, hash);
  if (!s || s.user_id !== actor.id || s.disabled_at) return null;
  const state = sessionState(
    {
      createdAt: new Date(s.created_at),
      lastSeenAt: new Date(s.last_seen_at),
      expiresAt: new Date(s.expires_at),
      endedAt: s.ended_at ? new Date(s.ended_at) : null,
    },
    deps.clock.now(),
  );
  return state === 'active' ? { ...s, hash } : null;
}

async function refuse(deps: Deps, actor: Actor, reason: Failure, count: boolean): Promise<Result<never>> {
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    const id =
      reason === 'wrong_password'
        ? await appendAudit(tx, actor, now, {
            type: 'session.sign_in_failed',
            resource: null,
            data: { reason: 'wrong_password' },
          })
        : await appendAudit(tx, actor, now, {
            type: 'session.mfa_failed',
            resource: { type: 'user', id: actor.id },
            data: { reason, purpose: 'reauthenticate' },
          });
    if (count) await lockAfterRepeatedFailures(tx, actor.id, now);
    return id;
  });
  return fail<never>('unauthenticated', REFUSED, {}, auditId);
}

class Raced extends Error {
  readonly reason: Failure;
  constructor(reason: Failure) {
    super(reason);
    this.reason = reason;
  }
}

/**
 * Spends the factor (`spend` answers why it cannot, e.g. a code or assertion used meanwhile),
 * rotates the token and records the proof with its audit event, in one transaction.
 */
async function rotate(
  deps: Deps,
  actor: Actor,
  oldHash: string,
  expiresAt: Date,
  method: 'totp' | 'webauthn',
  spend: (tx: Tx) => Promise<Failure | null>,
): Promise<Result<Reauthenticated>> {
  const now = deps.clock.now();
  const token = randomBytes(32).toString('base64url');
  try {
    const auditId = await deps.db.transaction().execute(async (tx) => {
      const raced = await spend(tx);
      if (raced) throw new Raced(raced);
      if (!(await accounts.rotateSession(tx, oldHash, tokenHash(token), now, method))) return null;
      await accounts.clearSignInFailures(tx, actor.id);
      return appendAudit(tx, actor, now, {
        type: 'session.reauthenticated',
        resource: { type: 'user', id: actor.id },
        data: { method },
      });
    });
    if (auditId === null) return fail('unauthenticated', SIGN_IN);
    return ok({ token, expiresAt, reauthenticatedAt: now }, auditId);
  } catch (error) {
    if (!(error instanceof Raced)) throw error;
    return refuse(deps, actor, error.reason, true);
  }
}

/** Password and TOTP code. */
export async function reauthenticate(
  deps: Deps,
  actor: Actor,
  input: { sessionToken: string | undefined; password: string; code: string },
): Promise<Result<Reauthenticated>> {
  const denied = await guard(deps, actor, 'session.create');
  if (denied) return denied;
  const s = await activeSession(deps, actor, input.sessionToken);
  const user = s ? await accounts.findUserById(deps.db, s.user_id) : undefined;
  // Always verify, so that the answer takes the same time whatever failed.
  const passwordOk = await verifyPassword(user?.password_hash ?? DUMMY_HASH, input.password);
  if (!s || !user) return fail('unauthenticated', SIGN_IN);
  if (user.locked_at) return refuse(deps, actor, 'account_locked', false);
  if (!passwordOk) return refuse(deps, actor, 'wrong_password', true);
  const now = deps.clock.now();
  const secret = user.totp_secret ? openTotpSecret(user.user_id, user.totp_secret, deps.mfaKey) : null;
  const step = secret ? await matchTotp(secret, input.code.trim(), now) : null;
  if (step === null) return refuse(deps, actor, 'wrong_code', true);
  if (needsPhishingResistant(authConfig(deps), user.role as Role)) {
    const auditId = await deps.db.transaction().execute((tx) =>
      appendAudit(tx, actor, now, {
        type: 'session.mfa_failed',
        resource: { type: 'user', id: actor.id },
        data: { reason: 'phishing_resistant_required', purpose: 'reauthenticate' },
      }),
    );
    return fail(
      'forbidden',
      PHISHING_RESISTANT_REQUIRED,
      { ruleId: 'phishing-resistant-factor-required', citation: 'security.md R2; NIST SP 800-53 IA-2(8)' },
      auditId,
    );
  }
  return rotate(deps, actor, s.hash, new Date(s.expires_at), 'totp', async (tx) =>
    (await accounts.acceptTotpStep(tx, user.user_id, step)) ? null : 'code_reused',
  );
}

/** Options for re-authenticating with a security key, bound to the caller's session. */
export async function reauthenticationOptions(
  deps: Deps,
  actor: Actor,
  input: { sessionToken: string | undefined },
): Promise<Result<PublicKeyCredentialRequestOptionsJSON>> {
  const denied = await guard(deps, actor, 'session.create');
  if (denied) return denied;
  const s = await activeSession(deps, actor, input.sessionToken);
  if (!s) return fail('unauthenticated', SIGN_IN);
  const options = await assertionOptions(deps, 'reauthenticate', s.user_id, s.hash);
  return options ? ok(options) : fail('conflict', 'No security key is registered for this account.');
}

/** A security key's assertion against the challenge of `reauthenticationOptions`. */
export async function reauthenticateWithWebauthn(
  deps: Deps,
  actor: Actor,
  input: { sessionToken: string | undefined; response: AuthenticationResponseJSON },
): Promise<Result<Reauthenticated>> {
  const denied = await guard(deps, actor, 'session.create');
  if (denied) return denied;
  const s = await activeSession(deps, actor, input.sessionToken);
  if (!s) return fail('unauthenticated', SIGN_IN);
  if ((await accounts.findUserById(deps.db, s.user_id))?.locked_at) {
    return refuse(deps, actor, 'account_locked', false);
  }
  const checked = await verifyAssertion(deps, 'reauthenticate', s.user_id, s.hash, input.response);
  if (!checked.ok)
    return refuse(deps, actor, checked.reason, checked.reason !== 'webauthn_challenge_invalid');
  return rotate(deps, actor, s.hash, new Date(s.expires_at), 'webauthn', (tx) =>
    acceptAssertion(tx, checked.value, deps.clock.now()),
  );
}
