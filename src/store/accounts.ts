/** Accounts and sessions. Called only from use cases in src/app/accounts. */
import type { Db, Tx } from './db.ts';

type Q = Db | Tx;

export const findUserByEmail = (q: Q, email: string) =>
  q.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();

export const findUserById = (q: Q, userId: string) =>
  q.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst();

export async function insertUser(
  tx: Tx,
  u: {
    userId: string;
    email: string;
    displayName: string;
    role: string;
    agencyId: string | null;
    passwordHash: string;
    warrantIssuer?: boolean;
  },
  at: Date,
) {
  await tx
    .insertInto('users')
    .values({
      user_id: u.userId,
      email: u.email.toLowerCase(),
      display_name: u.displayName,
      role: u.role,
      agency_id: u.agencyId,
      password_hash: u.passwordHash,
      warrant_issuer: u.warrantIssuer ?? false,
      created_at: at,
    })
    .execute();
}

export async function insertSession(
  tx: Tx,
  tokenHash: string,
  userId: string,
  at: Date,
  expiresAt: Date,
  mfaMethod: 'totp' | 'webauthn' = 'totp',
) {
  await tx
    .insertInto('sessions')
    .values({
      token_hash: tokenHash,
      user_id: userId,
      created_at: at,
      last_seen_at: at,
      expires_at: expiresAt,
      mfa_method: mfaMethod,
    })
    .execute();
}

/**
 * Re-authentication (R6, R7): the session gets a new token (the old one stops working at once)
 * and records when the password and a second factor, or a security key, were last proved. Its
 * absolute end does not move. False when the session had ended meanwhile.
 */
export async function rotateSession(
  tx: Tx,
  oldHash: string,
  newHash: string,
  at: Date,
  mfaMethod: 'totp' | 'webauthn',
): Promise<boolean> {
  const r = await tx
    .updateTable('sessions')
    .set({ token_hash: newHash, reauthenticated_at: at, last_seen_at: at, mfa_method: mfaMethod })
    .where('token_hash', '=', oldHash)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The TOTP code of a pending sign-in was accepted, but the account must use a security key. */
export async function markPendingTotpVerified(tx: Tx, tokenHash: string, at: Date): Promise<void> {
  await tx
    .updateTable('pending_sign_ins')
    .set({ totp_verified_at: at })
    .where('token_hash', '=', tokenHash)
    .where('ended_at', 'is', null)
    .execute();
}

export const findSession = (q: Q, tokenHash: string) =>
  q
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.user_id', 's.user_id')
    .select([
      's.token_hash',
      's.created_at',
      's.last_seen_at',
      's.expires_at',
      's.ended_at',
      's.reauthenticated_at',
      's.mfa_method',
      'u.user_id',
      'u.email',
      'u.display_name',
      'u.role',
      'u.agency_id',
      'u.disabled_at',
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();

export const touchSession = (q: Q, tokenHash: string, at: Date) =>
  q.updateTable('sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();

export const endSession = (q: Q, tokenHash: string, at: Date) =>
  q
    .updateTable('sessions')
    .set({ ended_at: at })
    .where('token_hash', '=', tokenHash)
    .where('ended_at', 'is', null)
    .execute();

export async function recordSignInFailure(tx: Tx, userId: string, at: Date): Promise<void> {
  await tx.insertInto('sign_in_failures').values({ user_id: userId, failed_at: at }).execute();
}

export async function signInFailuresSince(q: Q, userId: string, since: Date): Promise<number> {
  const r = await q
    .selectFrom('sign_in_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('failed_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function clearSignInFailures(tx: Tx, userId: string): Promise<void> {
  await tx.deleteFrom('sign_in_failures').where('user_id', '=', userId).execute();
}

export async function setLocked(tx: Tx, userId: string, at: Date | null): Promise<void> {
  await tx.updateTable('users').set({ locked_at: at }).where('user_id', '=', userId).execute();
  if (at === null) await clearSignInFailures(tx, userId);
}

export async function insertPendingSignIn(
  tx: Tx,
  p: {
    tokenHash: string;
    userId: string;
    at: Date;
    expiresAt: Date;
    bannerVersion: string;
    enrolSecret: string | null;
  },
): Promise<void> {
  await tx
    .insertInto('pending_sign_ins')
    .values({
      token_hash: p.tokenHash,
      user_id: p.userId,
      created_at: p.at,
      expires_at: p.expiresAt,
      banner_version: p.bannerVersion,
      enrol_secret: p.enrolSecret,
    })
    .execute();
}

/** A pending sign-in that has not ended and has not expired at `now`, with its user. */
export const findPendingSignIn = (q: Q, tokenHash: string, now: Date) =>
  q
    .selectFrom('pending_sign_ins as p')
    .innerJoin('users as u', 'u.user_id', 'p.user_id')
    .select([
      'p.token_hash',
      'p.banner_version',
      'p.enrol_secret',
      'p.totp_verified_at',
      'u.user_id',
      'u.email',
      'u.display_name',
      'u.role',
      'u.agency_id',
      'u.disabled_at',
      'u.locked_at',
      'u.totp_secret',
      'u.totp_enrolled_at',
      'u.totp_last_step',
    ])
    .where('p.token_hash', '=', tokenHash)
    .where('p.ended_at', 'is', null)
    .where('p.expires_at', '>', now)
    .executeTakeFirst();

/** Ends a pending sign-in; false when it had already ended (a concurrent request used it). */
export async function endPendingSignIn(q: Q, tokenHash: string, at: Date): Promise<boolean> {
  const r = await q
    .updateTable('pending_sign_ins')
    .set({ ended_at: at })
    .where('token_hash', '=', tokenHash)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Accepts TOTP time step `step` for the user only if it is later than every step accepted
 * before. The condition is evaluated under the row lock, so of two concurrent uses of one code
 * exactly one raises the step; the other updates nothing and is refused (R2).
 */
export async function acceptTotpStep(q: Q, userId: string, step: number): Promise<boolean> {
  const r = await q
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Enrols the user's TOTP key; false when the account was already enrolled (enrolment happens once). */
export async function setTotpSecret(
  tx: Tx,
  userId: string,
  sealedSecret: string,
  at: Date,
): Promise<boolean> {
  const r = await tx
    .updateTable('users')
    .set({ totp_secret: sealedSecret, totp_enrolled_at: at })
    .where('user_id', '=', userId)
    .where('totp_enrolled_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
