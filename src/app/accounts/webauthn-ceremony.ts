/**
 * The WebAuthn ceremonies shared by registration, sign-in and re-authentication: challenges
 * issued and consumed server-side (one purpose, one pending sign-in or session, a few minutes,
 * once), and assertions checked with @simplewebauthn/server against the deployment's relying
 * party (origin, RP id) and the stored public key and signature counter.
 */
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server';
import type { AuditEvent } from '../../domain/audit.ts';
import type { Tx } from '../../store/db.ts';
import * as webauthn from '../../store/webauthn.ts';
import type { Deps } from '../deps.ts';
import { authConfig, WEBAUTHN_CHALLENGE_MS } from './auth-config.ts';

export type WebauthnFailure = Extract<AuditEvent, { type: 'session.mfa_failed' }>['data']['reason'];

/** The transports a browser may report (WebAuthn Level 3); anything else is not stored. */
export const TRANSPORTS: readonly string[] = [
  'ble',
  'cable',
  'hybrid',
  'internal',
  'nfc',
  'smart-card',
  'usb',
];

export const transportsOf = (stored: string): string[] =>
  stored.split(',').filter((t) => TRANSPORTS.includes(t));

/** Stores a new challenge for this purpose and pending sign-in or session (replacing an open one). */
export async function issueChallenge(
  tx: Tx,
  deps: Deps,
  c: { challenge: string; purpose: webauthn.ChallengePurpose; userId: string; boundTo: string },
): Promise<void> {
  const at = deps.clock.now();
  await webauthn.insertChallenge(tx, {
    ...c,
    at,
    expiresAt: new Date(at.getTime() + WEBAUTHN_CHALLENGE_MS),
  });
}

/** Options for `navigator.credentials.get` listing the user's keys, with a stored challenge. */
export async function assertionOptions(
  deps: Deps,
  purpose: 'sign_in' | 'reauthenticate',
  userId: string,
  boundTo: string,
): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  const keys = await webauthn.credentialsOf(deps.db, userId);
  if (keys.length === 0) return null;
  const options = await generateAuthenticationOptions({
    rpID: authConfig(deps).rpId,
    allowCredentials: keys.map((k) => ({ id: k.credential_id, transports: transportsOf(k.transports) })),
    userVerification: 'preferred',
    timeout: 60_000,
  });
  await deps.db
    .transaction()
    .execute((tx) => issueChallenge(tx, deps, { challenge: options.challenge, purpose, userId, boundTo }));
  return options;
}

export interface VerifiedAssertion {
  credentialId: string;
  newCounter: number;
  challenge: string;
}

/**
 * Checks an assertion against the open challenge and the user's stored key. Pure verification:
 * the caller consumes the challenge and raises the counter in its own transaction
 * (`acceptAssertion`), so that a replay racing the original use fails there.
 */
export async function verifyAssertion(
  deps: Deps,
  purpose: 'sign_in' | 'reauthenticate',
  userId: string,
  boundTo: string,
  response: AuthenticationResponseJSON,
): Promise<{ ok: true; value: VerifiedAssertion } | { ok: false; reason: WebauthnFailure }> {
  const now = deps.clock.now();
  const open = await webauthn.openChallenge(deps.db, purpose, boundTo, now);
  if (!open || open.user_id !== userId) return { ok: false, reason: 'webauthn_challenge_invalid' };
  const key = await webauthn.findCredential(deps.db, response.id);
  if (!key || key.user_id !== userId) return { ok: false, reason: 'webauthn_unknown_credential' };
  const config = authConfig(deps);
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: open.challenge,
      expectedOrigin: config.origins,
      expectedRPID: config.rpId,
      credential: {
        id: key.credential_id,
        publicKey: new Uint8Array(Buffer.from(key.public_key, 'base64url')),
        counter: Number(key.counter),
        transports: transportsOf(key.transports),
      },
      requireUserVerification: false,
    });
    if (!result.verified) return { ok: false, reason: 'webauthn_not_verified' };
    return {
      ok: true,
      value: {
        credentialId: key.credential_id,
        newCounter: result.authenticationInfo.newCounter,
        challenge: open.challenge,
      },
    };
  } catch (error) {
    // The library refuses a counter that did not go up (a cloned authenticator or a replay).
    return {
      ok: false,
      reason: /counter/i.test((error as Error).message)
        ? 'webauthn_counter_regressed'
        : 'webauthn_not_verified',
    };
  }
}

/** Consumes the challenge and records the new counter; the reason when either was already used. */
export async function acceptAssertion(
  tx: Tx,
  a: VerifiedAssertion,
  at: Date,
): Promise<WebauthnFailure | null> {
  if (!(await webauthn.consumeChallenge(tx, a.challenge, at))) return 'webauthn_challenge_invalid';
  if (!(await webauthn.acceptCounter(tx, a.credentialId, a.newCounter, at)))
    return 'webauthn_counter_regressed';
  return null;
}

export type { AuthenticationResponseJSON };
