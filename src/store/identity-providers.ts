/**
 * Agency identity providers (OpenID Connect), the subjects bound to accounts, and the
 * authorization requests in flight. Called only from use cases in src/app/accounts (oidc-*).
 */
import { sql } from 'kysely';
import type { Db, Tx } from './db.ts';

type Q = Db | Tx;

export interface IdentityProviderRow {
  provider_id: string;
  display_name: string;
  issuer: string;
  client_id: string;
  client_secret_ref: string;
  agency_id: string | null;
  email_domains: string[];
  enabled: boolean;
}

export interface LoginStateRow {
  provider_id: string;
  browser_hash: string;
  nonce: string;
  code_verifier: string;
  banner_version: string;
}

const PROVIDER_COLUMNS = sql`provider_id, display_name, issuer, client_id, client_secret_ref,
  agency_id::text AS agency_id, email_domains, enabled`;

export async function insertIdentityProvider(
  tx: Tx,
  p: {
    providerId: string;
    displayName: string;
    issuer: string;
    clientId: string;
    clientSecretRef: string;
    agencyId: string | null;
    emailDomains: string[];
  },
  at: Date,
): Promise<boolean> {
  const r = await sql`
    INSERT INTO identity_providers (provider_id, display_name, issuer, client_id, client_secret_ref,
                                    agency_id, email_domains, enabled, created_at)
    VALUES (${p.providerId}, ${p.displayName}, ${p.issuer}, ${p.clientId}, ${p.clientSecretRef},
            ${p.agencyId}::uuid, ${p.emailDomains}::text[], true, ${at.toISOString()}::timestamptz)
    ON CONFLICT (provider_id) DO NOTHING`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function findIdentityProvider(
  q: Q,
  providerId: string,
): Promise<IdentityProviderRow | undefined> {
  const r = await sql<IdentityProviderRow>`
    SELECT ${PROVIDER_COLUMNS} FROM identity_providers WHERE provider_id = ${providerId}`.execute(q);
  return r.rows[0];
}

export async function listEnabledIdentityProviders(q: Q): Promise<IdentityProviderRow[]> {
  const r = await sql<IdentityProviderRow>`
    SELECT ${PROVIDER_COLUMNS} FROM identity_providers WHERE enabled ORDER BY display_name, provider_id`.execute(
    q,
  );
  return r.rows;
}

export const agencyExists = async (q: Q, agencyId: string): Promise<boolean> =>
  (await sql`SELECT 1 FROM agencies WHERE agency_id = ${agencyId}::uuid`.execute(q)).rows.length === 1;

export async function insertLoginState(
  tx: Tx,
  s: LoginStateRow & { state_hash: string; created_at: Date; expires_at: Date },
): Promise<void> {
  await sql`
    INSERT INTO oidc_login_states (state_hash, provider_id, browser_hash, nonce, code_verifier, banner_version,
                                   created_at, expires_at)
    VALUES (${s.state_hash}, ${s.provider_id}, ${s.browser_hash}, ${s.nonce}, ${s.code_verifier},
            ${s.banner_version}, ${s.created_at.toISOString()}::timestamptz, ${s.expires_at.toISOString()}::timestamptz)`.execute(
    tx,
  );
}

/**
 * Consumes an unexpired, unused request of this provider: of two requests carrying the same
 * state, exactly one gets the row. Expired and used rows older than a day are removed meanwhile.
 */
export async function consumeLoginState(
  tx: Tx,
  stateHash: string,
  providerId: string,
  now: Date,
): Promise<LoginStateRow | undefined> {
  const at = now.toISOString();
  await sql`DELETE FROM oidc_login_states WHERE expires_at < ${at}::timestamptz - interval '1 day'`.execute(
    tx,
  );
  const r = await sql<LoginStateRow>`
    UPDATE oidc_login_states SET used_at = ${at}::timestamptz
    WHERE state_hash = ${stateHash} AND provider_id = ${providerId}
      AND used_at IS NULL AND expires_at > ${at}::timestamptz
    RETURNING provider_id, browser_hash, nonce, code_verifier, banner_version`.execute(tx);
  return r.rows[0];
}

/** The account a provider's subject is bound to. */
export async function findBoundUser(q: Q, providerId: string, subject: string): Promise<string | undefined> {
  const r = await sql<{ user_id: string }>`
    SELECT user_id::text AS user_id FROM oidc_identities
    WHERE provider_id = ${providerId} AND subject = ${subject}`.execute(q);
  return r.rows[0]?.user_id;
}

/** Whether the account is already bound to some (other) subject of this provider. */
export async function userHasBinding(q: Q, providerId: string, userId: string): Promise<boolean> {
  const r = await sql`
    SELECT 1 FROM oidc_identities WHERE provider_id = ${providerId} AND user_id = ${userId}::uuid`.execute(q);
  return r.rows.length > 0;
}

/** Binds a subject to an account; false when either is already bound (a concurrent first sign-in). */
export async function bindSubject(
  tx: Tx,
  b: { providerId: string; subject: string; userId: string },
  at: Date,
): Promise<boolean> {
  const r = await sql`
    INSERT INTO oidc_identities (provider_id, subject, user_id, bound_at)
    VALUES (${b.providerId}, ${b.subject}, ${b.userId}::uuid, ${at.toISOString()}::timestamptz)
    ON CONFLICT DO NOTHING`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

/** A provider as the administrator's list shows it: never the client secret or its reference. */
export interface IdentityProviderSummary {
  provider_id: string;
  display_name: string;
  issuer: string;
  client_id: string;
  agency_id: string | null;
  enabled: boolean;
  created_at: string;
}

export async function listIdentityProviders(q: Q): Promise<IdentityProviderSummary[]> {
  const r = await sql<IdentityProviderSummary & { created_at: Date | string }>`
    SELECT provider_id, display_name, issuer, client_id, agency_id::text AS agency_id, enabled, created_at
    FROM identity_providers ORDER BY provider_id`.execute(q);
  return r.rows.map((row) => ({ ...row, created_at: new Date(row.created_at).toISOString() }));
}

/** Sets `enabled`; false when the provider does not exist or already had that value. */
export async function setIdentityProviderEnabled(
  tx: Tx,
  providerId: string,
  enabled: boolean,
): Promise<boolean> {
  const r = await sql`
    UPDATE identity_providers SET enabled = ${enabled}
    WHERE provider_id = ${providerId} AND enabled <> ${enabled}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

/**
 * Ends what a disabled provider let in: every open session and pending sign-in of the accounts
 * bound to it (sessions do not record which provider began them, so a password session of such
 * an account ends too), and its authorization requests still in flight.
 */
export async function endProviderAccess(
  tx: Tx,
  providerId: string,
  at: Date,
): Promise<{ accounts: number; sessions: number; pendingSignIns: number }> {
  const now = at.toISOString();
  const bound = sql`SELECT user_id FROM oidc_identities WHERE provider_id = ${providerId}`;
  const accounts = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM oidc_identities WHERE provider_id = ${providerId}`.execute(tx);
  const sessions = await sql`
    UPDATE sessions SET ended_at = ${now}::timestamptz
    WHERE ended_at IS NULL AND expires_at > ${now}::timestamptz AND user_id IN (${bound})`.execute(tx);
  const pending = await sql`
    UPDATE pending_sign_ins SET ended_at = ${now}::timestamptz
    WHERE ended_at IS NULL AND expires_at > ${now}::timestamptz AND user_id IN (${bound})`.execute(tx);
  await sql`
    UPDATE oidc_login_states SET used_at = ${now}::timestamptz
    WHERE provider_id = ${providerId} AND used_at IS NULL`.execute(tx);
  return {
    accounts: accounts.rows[0]?.n ?? 0,
    sessions: Number(sessions.numAffectedRows ?? 0),
    pendingSignIns: Number(pending.numAffectedRows ?? 0),
  };
}
