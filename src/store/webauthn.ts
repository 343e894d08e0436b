/** WebAuthn credentials and their one-use challenges. Called only from use cases in src/app/accounts. */
import type { Db, Tx } from './db.ts';

type Q = Db | Tx;

export type ChallengePurpose = 'register' | 'sign_in' | 'reauthenticate';

export interface CredentialRow {
  credential_id: string;
  user_id: string;
  public_key: string;
  counter: string | number;
  transports: string;
  device_type: string;
  backed_up: boolean;
  created_at: Date;
  last_used_at: Date | null;
}

export const credentialsOf = (q: Q, userId: string): Promise<CredentialRow[]> =>
  q
    .selectFrom('webauthn_credentials')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();

export const findCredential = (q: Q, credentialId: string): Promise<CredentialRow | undefined> =>
  q
    .selectFrom('webauthn_credentials')
    .selectAll()
    .where('credential_id', '=', credentialId)
    .executeTakeFirst();

export async function countCredentials(q: Q, userId: string): Promise<number> {
  const r = await q
    .selectFrom('webauthn_credentials')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertCredential(
  tx: Tx,
  c: {
    credentialId: string;
    userId: string;
    publicKey: string;
    counter: number;
    transports: string[];
    deviceType: string;
    backedUp: boolean;
  },
  at: Date,
): Promise<boolean> {
  const r = await tx
    .insertInto('webauthn_credentials')
    .values({
      credential_id: c.credentialId,
      user_id: c.userId,
      public_key: c.publicKey,
      counter: c.counter,
      transports: c.transports.join(','),
      device_type: c.deviceType,
      backed_up: c.backedUp,
      created_at: at,
    })
    .onConflict((oc) => oc.column('credential_id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * Records a use of the credential with the authenticator's new signature counter. Accepted only
 * when the counter went up, or when the authenticator does not count (both zero); evaluated under
 * the row lock, so of two uses of one assertion exactly one succeeds (a clone or replay fails).
 */
export async function acceptCounter(
  tx: Tx,
  credentialId: string,
  counter: number,
  at: Date,
): Promise<boolean> {
  const r = await tx
    .updateTable('webauthn_credentials')
    .set({ counter, last_used_at: at })
    .where('credential_id', '=', credentialId)
    .where((eb) => (counter === 0 ? eb('counter', '=', 0) : eb('counter', '<', counter)))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertChallenge(
  tx: Tx,
  c: {
    challenge: string;
    purpose: ChallengePurpose;
    userId: string;
    boundTo: string;
    at: Date;
    expiresAt: Date;
  },
): Promise<void> {
  // One open challenge per purpose and pending sign-in or session: a new one replaces the last.
  await tx
    .updateTable('webauthn_challenges')
    .set({ used_at: c.at })
    .where('purpose', '=', c.purpose)
    .where('bound_to', '=', c.boundTo)
    .where('used_at', 'is', null)
    .execute();
  await tx
    .insertInto('webauthn_challenges')
    .values({
      challenge: c.challenge,
      purpose: c.purpose,
      user_id: c.userId,
      bound_to: c.boundTo,
      created_at: c.at,
      expires_at: c.expiresAt,
    })
    .execute();
}

/** The latest open challenge for this purpose and pending sign-in or session, if not expired at `now`. */
export const openChallenge = (q: Q, purpose: ChallengePurpose, boundTo: string, now: Date) =>
  q
    .selectFrom('webauthn_challenges')
    .selectAll()
    .where('purpose', '=', purpose)
    .where('bound_to', '=', boundTo)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();

/** Consumes a challenge; false when it was already used (a concurrent request used it). */
export async function consumeChallenge(q: Q, challenge: string, at: Date): Promise<boolean> {
  const r = await q
    .updateTable('webauthn_challenges')
    .set({ used_at: at })
    .where('challenge', '=', challenge)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
