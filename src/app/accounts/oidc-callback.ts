/**
 * Single sign-on, step two: the provider sends the browser back with a code. The state is
 * consumed once (replays and expired requests are refused), the browser must be the one that
 * started, openid-client exchanges the code with the PKCE verifier and validates the ID token
 * (signature, issuer, audience, nonce, expiry). The subject is then bound to an existing
 * Delegate account — by `sub` once bound, the first time by a verified email in the provider's
 * domains — and that account's lock, disablement and agency are respected. The provider only
 * authenticates: the role is Delegate's. The banner acknowledged at step one is recorded for
 * the account before anything is issued (R5). A second factor shown in `amr` completes the
 * sign-in; otherwise a pending sign-in waits for Delegate's own (POST /session/mfa).
 */
import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { Actor, Role } from '../../domain/actor.ts';
import type { OidcFailureReason } from '../../domain/audit.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { PENDING_SIGN_IN_MS, SESSION_ABSOLUTE_MS } from '../../domain/session.ts';
import * as accounts from '../../store/accounts.ts';
import { appendAudit } from '../../store/audit.ts';
import * as idps from '../../store/identity-providers.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { authConfig, needsPhishingResistant } from './auth-config.ts';
import {
  agencyMismatch,
  amrOf,
  callbackUrl,
  emailForBinding,
  PROVIDER_ID,
  providerConfiguration,
  secondFactorFrom,
} from './oidc-config.ts';
import { NO_SUCH_PROVIDER, sha256 } from './oidc-start.ts';
import { type SignedInUser, tokenHash } from './sign-in.ts';

/** What the browser is told: three messages, none saying which account check failed. */
export type OidcRefusal = 'expired' | 'unavailable' | 'refused' | 'no_second_factor';

const REFUSAL: Record<OidcFailureReason, OidcRefusal> = {
  state_invalid: 'expired',
  browser_mismatch: 'expired',
  provider_error: 'expired',
  token_invalid: 'expired',
  provider_unavailable: 'unavailable',
  unknown_account: 'refused',
  account_disabled: 'refused',
  account_locked: 'refused',
  agency_mismatch: 'refused',
  second_factor_unavailable: 'no_second_factor',
};

export const REFUSAL_MESSAGE: Record<OidcRefusal, string> = {
  expired: 'The sign-in through your agency did not complete or has expired. Start again.',
  unavailable: 'The agency identity provider cannot be reached. Try again later.',
  refused:
    'Your agency signed you in, but no active Delegate account may use it. Ask your Delegate administrator.',
  no_second_factor:
    'Your agency did not confirm a second factor and this account has no authenticator app. Sign in with your Delegate password once to set one up.',
};

export type OidcSignInOutcome =
  | { next: 'session'; token: string; expiresAt: Date; user: SignedInUser }
  | { next: 'mfa'; pendingToken: string; expiresAt: Date };

class BindingRaced extends Error {}

export async function completeOidcSignIn(
  deps: Deps,
  actor: Actor,
  input: { providerId: string; query: URLSearchParams; browserToken: string | undefined },
): Promise<Result<OidcSignInOutcome>> {
  const denied = await guard(deps, actor, 'session.create');
  if (denied) return denied;
  const oidc = deps.oidc;
  const provider =
    oidc && PROVIDER_ID.test(input.providerId)
      ? await idps.findIdentityProvider(deps.db, input.providerId)
      : undefined;
  if (!oidc || !provider?.enabled) return fail('not_found', NO_SUCH_PROVIDER);
  const providerId = provider.provider_id;
  const now = deps.clock.now();

  const refuse = async (reason: OidcFailureReason, userId: string | null = null) => {
    const auditId = await deps.db.transaction().execute((tx) =>
      appendAudit(tx, actor, now, {
        type: 'session.oidc_failed',
        resource: userId ? { type: 'user', id: userId } : null,
        data: { provider: providerId, reason },
      }),
    );
    const refusal = REFUSAL[reason];
    return fail<never>('unauthenticated', REFUSAL_MESSAGE[refusal], { where: { refusal } }, auditId);
  };

  // 1. The request this answers: consumed now, whatever happens next, so it cannot be replayed.
  const state = input.query.get('state');
  if (!state || state.length > 512) return refuse('state_invalid');
  const login = await deps.db
    .transaction()
    .execute((tx) => idps.consumeLoginState(tx, sha256(state), providerId, now));
  if (!login) return refuse('state_invalid');
  if (!input.browserToken || sha256(input.browserToken) !== login.browser_hash)
    return refuse('browser_mismatch');
  if (input.query.has('error')) return refuse('provider_error');

  // 2. The code for tokens; openid-client validates the ID token.
  let config: client.Configuration;
  try {
    config = await providerConfiguration(oidc, provider);
  } catch {
    return refuse('provider_unavailable');
  }
  let claims: client.IDToken | undefined;
  let userInfo: () => Promise<Readonly<Record<string, unknown>>> = async () => ({});
  try {
    const current = new URL(callbackUrl(oidc, providerId));
    current.search = input.query.toString();
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: login.code_verifier,
      expectedState: state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
    const sub = claims?.sub;
    // Many providers put the email only in the UserInfo answer (its `sub` must match the token's).
    if (sub && tokens.access_token && config.serverMetadata().userinfo_endpoint) {
      userInfo = () => client.fetchUserInfo(config, tokens.access_token, sub).catch(() => ({}));
    }
  } catch {
    return refuse('token_invalid');
  }
  if (!claims?.sub) return refuse('token_invalid');
  const subject = claims.sub;

  // 3. The Delegate account: by subject once bound; the first time by verified email.
  const boundUserId = await idps.findBoundUser(deps.db, providerId, subject);
  let user = boundUserId ? await accounts.findUserById(deps.db, boundUserId) : undefined;
  let bindNow = false;
  if (!boundUserId) {
    const email =
      emailForBinding(claims, provider.email_domains) ??
      (typeof claims.email === 'string' ? null : emailForBinding(await userInfo(), provider.email_domains));
    const candidate = email ? await accounts.findUserByEmail(deps.db, email) : undefined;
    if (candidate && !(await idps.userHasBinding(deps.db, providerId, candidate.user_id))) {
      user = candidate;
      bindNow = true;
    }
  }
  if (!user) return refuse('unknown_account');
  if (agencyMismatch(provider, user.agency_id)) return refuse('agency_mismatch', user.user_id);
  if (user.locked_at) return refuse('account_locked', user.user_id);
  if (user.disabled_at) return refuse('account_disabled', user.user_id);
  const account = user;

  // 4. The second factor: the provider's, if `amr` shows one the role accepts; else Delegate's.
  const role = account.role as Role;
  const amr = amrOf(claims.amr);
  const secondFactor = secondFactorFrom(amr, needsPhishingResistant(authConfig(deps), role));
  if (secondFactor === 'delegate' && !account.totp_enrolled_at) {
    return refuse('second_factor_unavailable', account.user_id);
  }
  const signed: SignedInUser = {
    userId: account.user_id,
    email: account.email,
    displayName: account.display_name,
    role,
    agencyId: account.agency_id,
  };
  const userActor: Actor = { kind: 'user', id: account.user_id, role, agencyId: account.agency_id };
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(
    now.getTime() + (secondFactor === 'provider' ? SESSION_ABSOLUTE_MS : PENDING_SIGN_IN_MS),
  );
  const userResource = { type: 'user' as const, id: account.user_id };
  try {
    const auditId = await deps.db.transaction().execute(async (tx) => {
      if (bindNow) {
        if (!(await idps.bindSubject(tx, { providerId, subject, userId: account.user_id }, now))) {
          throw new BindingRaced();
        }
        await appendAudit(tx, userActor, now, {
          type: 'session.oidc_subject_bound',
          resource: userResource,
          data: { provider: providerId, by: 'verified_email' },
        });
      }
      await appendAudit(tx, userActor, now, {
        type: 'session.banner_acknowledged',
        resource: userResource,
        data: { bannerVersion: login.banner_version },
      });
      const authenticated = await appendAudit(tx, userActor, now, {
        type: 'session.oidc_authenticated',
        resource: userResource,
        data: { provider: providerId, amr, secondFactor },
      });
      if (secondFactor === 'delegate') {
        await accounts.insertPendingSignIn(tx, {
          tokenHash: tokenHash(token),
          userId: account.user_id,
          at: now,
          expiresAt,
          bannerVersion: login.banner_version,
          enrolSecret: null,
        });
        return authenticated;
      }
      // A hardware key or smart card at the provider counts as the phishing-resistant class.
      const method = amr.some((a) => a === 'hwk' || a === 'sc') ? 'webauthn' : 'totp';
      await accounts.insertSession(tx, tokenHash(token), account.user_id, now, expiresAt, method);
      await accounts.clearSignInFailures(tx, account.user_id);
      return appendAudit(tx, userActor, now, {
        type: 'session.signed_in',
        resource: userResource,
        data: { bannerVersion: login.banner_version, mfa: 'identity_provider', provider: providerId },
      });
    });
    return ok(
      secondFactor === 'provider'
        ? { next: 'session', token, expiresAt, user: signed }
        : { next: 'mfa', pendingToken: token, expiresAt },
      auditId,
    );
  } catch (error) {
    if (!(error instanceof BindingRaced)) throw error;
    return refuse('unknown_account', account.user_id);
  }
}
