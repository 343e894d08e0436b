/**
 * Single sign-on, step one: the system-use banner acknowledged (R5), then an authorization
 * request to the agency's provider with state, nonce and PKCE (S256). All three stay on the
 * server; the browser gets only the provider's URL and a binding cookie that the callback must
 * present, so a callback URL sent to someone else's browser signs nobody in.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { SYSTEM_USE_BANNER } from '../../domain/session.ts';
import * as idps from '../../store/identity-providers.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { callbackUrl, PROVIDER_ID, providerConfiguration } from './oidc-config.ts';

/** The provider has this long to send the user back. */
export const OIDC_LOGIN_MS = 10 * 60 * 1000;

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export const NO_SUCH_PROVIDER = 'No agency identity provider by that name is configured.';

export async function startOidcSignIn(
  deps: Deps,
  actor: Actor,
  input: { providerId: string; acknowledgedBanner: boolean },
): Promise<Result<{ authorizationUrl: string; browserToken: string; expiresAt: Date }>> {
  const denied = await guard(deps, actor, 'session.create');
  if (denied) return denied;
  const oidc = deps.oidc;
  const provider =
    oidc && PROVIDER_ID.test(input.providerId)
      ? await idps.findIdentityProvider(deps.db, input.providerId)
      : undefined;
  if (!oidc || !provider?.enabled) return fail('not_found', NO_SUCH_PROVIDER);
  if (input.acknowledgedBanner !== true) {
    return fail('invalid_input', 'Acknowledge the system-use notice to sign in.', {
      where: { field: 'acknowledgedBanner' },
    });
  }
  let config: client.Configuration;
  try {
    config = await providerConfiguration(oidc, provider);
  } catch {
    return fail(
      'unavailable',
      'The agency identity provider cannot be reached. Try again later, or sign in with a Delegate password.',
    );
  }
  const state = client.randomState();
  const nonce = client.randomNonce();
  const verifier = client.randomPKCECodeVerifier();
  const browserToken = randomBytes(32).toString('base64url');
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + OIDC_LOGIN_MS);
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(oidc, provider.provider_id),
    scope: 'openid email',
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  await deps.db.transaction().execute((tx) =>
    idps.insertLoginState(tx, {
      state_hash: sha256(state),
      provider_id: provider.provider_id,
      browser_hash: sha256(browserToken),
      nonce,
      code_verifier: verifier,
      banner_version: SYSTEM_USE_BANNER.version,
      created_at: now,
      expires_at: expiresAt,
    }),
  );
  return ok({ authorizationUrl: url.href, browserToken, expiresAt });
}
