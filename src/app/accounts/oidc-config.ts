/**
 * Agency single sign-on by OpenID Connect: what a deployment gives the use cases through Deps
 * (its public URL, how client-secret references resolve, a discovery cache), the pure policy
 * that decides which accounts and which second factors a provider may vouch for, and the
 * openid-client calls. Providers themselves are rows of `identity_providers`.
 */
import * as client from 'openid-client';
import { fail, ok, type Result } from '../../domain/result.ts';
import type { Db } from '../../store/db.ts';
import { findIdentityProvider, type IdentityProviderRow } from '../../store/identity-providers.ts';

export interface OidcDeps {
  /** Delegate's public origin, e.g. `https://delegate.example.gov`: callbacks are built from it. */
  publicUrl: string;
  /** Resolves a client-secret reference (`env:NAME`); undefined when it names nothing. */
  secret(ref: string): string | undefined;
  /** Discovery results per provider, kept for the life of the process (a failure is not kept). */
  configurations: Map<string, Promise<client.Configuration>>;
}

/** Secret references are `env:NAME`: the value of that variable when the resolver was made. */
export function oidcDeps(opts: { publicUrl: string; env?: Record<string, string | undefined> }): OidcDeps {
  const env = { ...(opts.env ?? {}) };
  return {
    publicUrl: opts.publicUrl.replace(/\/+$/, ''),
    secret: (ref) => {
      const m = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(ref);
      const value = m ? env[m[1]!] : undefined;
      return value ? value : undefined;
    },
    configurations: new Map(),
  };
}

/** At the composition root: single sign-on is on when DELEGATE_PUBLIC_URL is set. */
export const oidcFromEnv = (env: NodeJS.ProcessEnv): OidcDeps | undefined =>
  env.DELEGATE_PUBLIC_URL?.trim() ? oidcDeps({ publicUrl: env.DELEGATE_PUBLIC_URL.trim(), env }) : undefined;

export const callbackUrl = (oidc: OidcDeps, providerId: string): string =>
  `${oidc.publicUrl}/api/v1/oidc/${encodeURIComponent(providerId)}/callback`;

/** Plain HTTP is accepted only for a provider on this machine (development and tests). */
export const isLoopback = (url: URL): boolean =>
  url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

export const PROVIDER_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The id of an existing provider, from what an administrator typed (trimmed); else why not. */
export async function existingProviderId(db: Db, typed: string): Promise<Result<string>> {
  const providerId = typed.trim();
  if (!PROVIDER_ID.test(providerId))
    return fail('invalid_input', 'The id is 1–63 lower-case letters, digits and hyphens.', {
      where: { field: 'id' },
    });
  if (!(await findIdentityProvider(db, providerId)))
    return fail('not_found', `No identity provider has the id ${providerId}.`);
  return ok(providerId);
}

/** RFC 8176 `amr` values that show a second factor at the provider. */
const MULTI_FACTOR_AMR = new Set(['mfa', 'otp', 'hwk', 'sc']);
/** … and those that are phishing-resistant: a hardware-bound key or a smart card (PIV). */
const PHISHING_RESISTANT_AMR = new Set(['hwk', 'sc']);

/**
 * Whose second factor completes the sign-in: the provider's, when its `amr` shows one (a
 * phishing-resistant one when the role needs it), else Delegate's own. Unknown or absent `amr`
 * never counts as a second factor.
 */
export function secondFactorFrom(
  amr: readonly string[],
  needsPhishingResistant: boolean,
): 'provider' | 'delegate' {
  const accepted = needsPhishingResistant ? PHISHING_RESISTANT_AMR : MULTI_FACTOR_AMR;
  return amr.some((a) => accepted.has(a)) ? 'provider' : 'delegate';
}

/** The `amr` claim as a list of short strings (anything else is ignored). */
export const amrOf = (claim: unknown): string[] =>
  Array.isArray(claim)
    ? claim.filter((a): a is string => typeof a === 'string' && a.length <= 32).slice(0, 16)
    : [];

/** A first binding by email needs a verified address in one of the provider's domains. */
export function emailForBinding(
  claims: Readonly<Record<string, unknown>>,
  domains: readonly string[],
): string | null {
  if (typeof claims.email !== 'string' || claims.email_verified !== true) return null;
  const email = claims.email.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  if (at < 1) return null;
  return domains.includes(email.slice(at + 1)) ? email : null;
}

/** A provider tied to an agency vouches only for that agency's accounts. */
export const agencyMismatch = (provider: IdentityProviderRow, agencyId: string | null): boolean =>
  provider.agency_id !== null && provider.agency_id !== agencyId;

/** The provider's metadata by discovery, cached; the client authenticates with its secret (HTTP Basic). */
export function providerConfiguration(oidc: OidcDeps, p: IdentityProviderRow): Promise<client.Configuration> {
  const key = `${p.provider_id}\n${p.issuer}\n${p.client_id}\n${p.client_secret_ref}`;
  const cached = oidc.configurations.get(key);
  if (cached) return cached;
  const secret = oidc.secret(p.client_secret_ref);
  const issuer = new URL(p.issuer);
  const found = secret
    ? client.discovery(
        issuer,
        p.client_id,
        undefined,
        client.ClientSecretBasic(secret),
        isLoopback(issuer) ? { execute: [client.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
      )
    : Promise.reject(new Error('the client secret reference resolves to nothing'));
  oidc.configurations.set(key, found);
  found.catch(() => oidc.configurations.delete(key));
  return found;
}
