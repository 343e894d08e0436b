/**
 * Registers a security key or passkey (security.md R2): options with a challenge stored
 * server-side, then the authenticator's answer verified against it and kept as a credential
 * (id, public key, counter, transports). A signed-in user adds keys after a recent
 * re-authentication (R7). A privileged account that must use a key but has none registers its
 * first one from the pending sign-in, after its TOTP code was accepted (complete-mfa.ts).
 */
import {
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { Actor, Role } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import * as accounts from '../../store/accounts.ts';
import { appendAudit } from '../../store/audit.ts';
import * as webauthn from '../../store/webauthn.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { authConfig } from './auth-config.ts';
import { requireRecentAuth } from './recent-auth.ts';
import { tokenHash } from './sign-in.ts';
import { issueChallenge, TRANSPORTS, transportsOf } from './webauthn-ceremony.ts';

/** Who registers: the signed-in user (session cookie) or a pending sign-in allowed to add its first key. */
export interface Registrant {
  sessionToken?: string | undefined;
  pendingToken?: string | undefined;
}

interface Holder {
  actor: Actor;
  userId: string;
  email: string;
  displayName: string;
  boundTo: string;
  via: 'session' | 'sign_in';
}

const REFUSED = 'Sign in to register a security key.';

async function holderOf(deps: Deps, actor: Actor, who: Registrant): Promise<Result<Holder>> {
  const now = deps.clock.now();
  if (who.sessionToken && actor.kind === 'user') {
    const hash = tokenHash(who.sessionToken);
    const s = await accounts.findSession(deps.db, hash);
    if (!s || s.user_id !== actor.id || s.ended_at) return fail('unauthenticated', REFUSED);
    const stale = requireRecentAuth(deps, actor, 'webauthn.register');
    if (stale) return stale;
    return ok({
      actor,
      userId: s.user_id,
      email: s.email,
      displayName: s.display_name,
      boundTo: hash,
      via: 'session',
    });
  }
  if (who.pendingToken) {
    const hash = tokenHash(who.pendingToken);
    const p = await accounts.findPendingSignIn(deps.db, hash, now);
    if (!p?.totp_verified_at || p.locked_at || p.disabled_at) return fail('unauthenticated', REFUSED);
    if ((await webauthn.countCredentials(deps.db, p.user_id)) > 0) {
      return fail('forbidden', 'This account has a security key: sign in with it.');
    }
    return ok({
      actor: { kind: 'user', id: p.user_id, role: p.role as Role, agencyId: p.agency_id },
      userId: p.user_id,
      email: p.email,
      displayName: p.display_name,
      boundTo: hash,
      via: 'sign_in',
    });
  }
  return fail('unauthenticated', REFUSED);
}

export async function webauthnRegistrationOptions(
  deps: Deps,
  actor: Actor,
  who: Registrant,
): Promise<Result<PublicKeyCredentialCreationOptionsJSON>> {
  const denied = await guard(deps, actor, 'session.create');
  if (denied) return denied;
  const holder = await holderOf(deps, actor, who);
  if (!holder.ok) return holder;
  const h = holder.value;
  const config = authConfig(deps);
  const existing = await webauthn.credentialsOf(deps.db, h.userId);
  const options = await generateRegistrationOptions({
    rpName: config.rpName,
    rpID: config.rpId,
    userName: h.email,
    userDisplayName: h.displayName,
    userID: new TextEncoder().encode(h.userId),
    attestationType: 'none',
    excludeCredentials: existing.map((k) => ({
      id: k.credential_id,
      transports: transportsOf(k.transports),
    })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    timeout: 60_000,
  });
  await deps.db.transaction().execute((tx) =>
    issueChallenge(tx, deps, {
      challenge: options.challenge,
      purpose: 'register',
      userId: h.userId,
      boundTo: h.boundTo,
    }),
  );
  return ok(options);
}

const NOT_REGISTERED = 'The security key could not be registered. Try again.';

export async function verifyWebauthnRegistration(
  deps: Deps,
  actor: Actor,
  who: Registrant,
  response: RegistrationResponseJSON,
): Promise<Result<{ credentialId: string }>> {
  const denied = await guard(deps, actor, 'session.create');
  if (denied) return denied;
  const holder = await holderOf(deps, actor, who);
  if (!holder.ok) return holder;
  const h = holder.value;
  const now = deps.clock.now();
  const refuse = async (reason: 'webauthn_challenge_invalid' | 'webauthn_not_verified') => {
    const auditId = await deps.db.transaction().execute((tx) =>
      appendAudit(tx, h.actor, now, {
        type: 'session.mfa_failed',
        resource: { type: 'user', id: h.userId },
        data: { reason, purpose: 'register' },
      }),
    );
    return fail<never>('invalid_input', NOT_REGISTERED, {}, auditId);
  };
  const open = await webauthn.openChallenge(deps.db, 'register', h.boundTo, now);
  if (!open || open.user_id !== h.userId) return refuse('webauthn_challenge_invalid');
  const config = authConfig(deps);
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: open.challenge,
      expectedOrigin: config.origins,
      expectedRPID: config.rpId,
      requireUserVerification: false,
    });
  } catch {
    return refuse('webauthn_not_verified');
  }
  if (!verified.verified) return refuse('webauthn_not_verified');
  const info = verified.registrationInfo;
  const auditId = await deps.db.transaction().execute(async (tx) => {
    if (!(await webauthn.consumeChallenge(tx, open.challenge, now))) return null;
    const added = await webauthn.insertCredential(
      tx,
      {
        credentialId: info.credential.id,
        userId: h.userId,
        publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
        counter: info.credential.counter,
        transports: (info.credential.transports ?? response.response.transports ?? []).filter((t) =>
          TRANSPORTS.includes(t),
        ),
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
      },
      now,
    );
    if (!added) return null;
    return appendAudit(tx, h.actor, now, {
      type: 'session.webauthn_registered',
      resource: { type: 'user', id: h.userId },
      data: {
        credentialId: info.credential.id,
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
        via: h.via,
      },
    });
  });
  if (auditId === null) return refuse('webauthn_challenge_invalid');
  return ok({ credentialId: info.credential.id }, auditId);
}
