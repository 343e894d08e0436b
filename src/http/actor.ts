/** Who is calling: the session cookie resolved through the resolve-session use case, else the public. */
import type { FastifyInstance } from 'fastify';
import { resolveApiToken } from '../app/accounts/api-tokens.ts';
import { resolveSession } from '../app/accounts/resolve-session.ts';
import type { SignedInUser } from '../app/accounts/sign-in.ts';
import type { Deps } from '../app/deps.ts';
import { type Actor, PUBLIC } from '../domain/actor.ts';

export const SESSION_COOKIE = 'delegate_session';
/**
 * A sign-in waiting for its second factor. Its token is never a session token: resolveSession
 * looks only at sessions opened after MFA, so a caller holding only this cookie (or sending its
 * value as the session cookie) stays the public on every route (R2).
 */
export const PENDING_COOKIE = 'delegate_mfa_pending';

declare module 'fastify' {
  interface FastifyRequest {
    deps: Deps;
    actor: Actor;
    user: SignedInUser | null;
  }
  interface FastifyInstance {
    /** The dependencies the server was built with (tests compute TOTP codes with its clock). */
    delegateDeps: Deps;
  }
}

export function attachActor(app: FastifyInstance, deps: Deps) {
  // Set on every request by the hook below; the initial values are placeholders.
  app.decorateRequest('deps', null as never);
  app.decorateRequest('actor', null as never);
  app.decorateRequest('user', null);
  app.decorate('delegateDeps', deps);
  app.addHook('onRequest', async (req) => {
    req.deps = deps;
    req.actor = PUBLIC;
    req.user = null;
    // A jail system's API token, on the booking endpoints only.
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    if (bearer && req.url.startsWith('/api/v1/bookings')) {
      const tokenActor = await resolveApiToken(deps, bearer[1]!);
      if (tokenActor) req.actor = tokenActor;
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (!token || !req.url.startsWith('/api/')) return;
    const session = await resolveSession(deps, token);
    if (session.ok) {
      req.actor = session.value.actor;
      req.user = session.value.user;
    }
  });
}
