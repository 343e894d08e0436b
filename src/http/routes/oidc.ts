/**
 * Agency single sign-on by OpenID Connect. `start` sends the browser to the provider (state,
 * nonce and PKCE stay on the server; a Lax cookie scoped to /api/v1/oidc binds the browser);
 * `callback` comes back from it and ends on a page of the web app: `/home` with the session
 * cookie set exactly as a local sign-in sets it, `/sign-in?sso=mfa` with the pending sign-in's
 * cookie when Delegate's own second factor is needed, or `/sign-in?sso=<refusal>` with a
 * message. An unknown provider is a 404 problem.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { completeOidcSignIn } from '../../app/accounts/oidc-callback.ts';
import { listOidcProviders } from '../../app/accounts/oidc-list-providers.ts';
import { startOidcSignIn } from '../../app/accounts/oidc-start.ts';
import { PENDING_COOKIE, SESSION_COOKIE } from '../actor.ts';
import { send } from '../problem.ts';

/** Binds the browser that started a sign-in to its callback. Lax: the provider's redirect is cross-site. */
export const OIDC_BROWSER_COOKIE = 'delegate_oidc';
const OIDC_PATH = '/api/v1/oidc';
const PENDING_PATH = '/api/v1/session';

const secondsUntil = (now: Date, end: Date) =>
  Math.max(0, Math.floor((end.getTime() - now.getTime()) / 1000));

const provider = z.strictObject({ provider: z.string().min(1).max(63) });
const param = z.string().max(4096).optional();

/** The query string exactly as the provider sent it (openid-client checks it as a whole). */
const rawQuery = (req: FastifyRequest) => {
  const i = req.url.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : req.url.slice(i + 1));
};

const toSignIn = (reply: FastifyReply, sso: string) =>
  reply.redirect(`/sign-in?sso=${encodeURIComponent(sso)}`, 303);

export const oidcRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/oidc/providers',
    {
      schema: {
        tags: ['session'],
        summary: 'The agency identity providers one may sign in with (names only)',
      },
    },
    async (req, reply) => {
      const result = await listOidcProviders(req.deps, req.actor);
      return result.ok ? reply.send(result.value) : send(reply, result);
    },
  );

  app.get(
    '/oidc/:provider/start',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in through an agency identity provider: acknowledge the banner, go to the provider',
        params: provider,
        querystring: z.strictObject({ acknowledgedBanner: z.enum(['true']).optional() }),
      },
    },
    async (req, reply) => {
      const result = await startOidcSignIn(req.deps, req.actor, {
        providerId: req.params.provider,
        acknowledgedBanner: req.query.acknowledgedBanner === 'true',
      });
      if (!result.ok) {
        return result.error.code === 'unavailable' ? toSignIn(reply, 'unavailable') : send(reply, result);
      }
      reply.setCookie(OIDC_BROWSER_COOKIE, result.value.browserToken, {
        path: OIDC_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure: req.protocol === 'https',
        maxAge: secondsUntil(req.deps.clock.now(), result.value.expiresAt),
      });
      return reply.redirect(result.value.authorizationUrl, 302);
    },
  );

  app.get(
    '/oidc/:provider/callback',
    {
      schema: {
        tags: ['session'],
        summary: 'Where the agency identity provider sends the browser back',
        params: provider,
        querystring: z.strictObject({
          code: param,
          state: param,
          iss: param,
          scope: param,
          session_state: param,
          error: param,
          error_description: param,
          error_uri: param,
        }),
      },
    },
    async (req, reply) => {
      const result = await completeOidcSignIn(req.deps, req.actor, {
        providerId: req.params.provider,
        query: rawQuery(req),
        browserToken: req.cookies[OIDC_BROWSER_COOKIE],
      });
      if (!result.ok && result.error.code === 'not_found') return send(reply, result);
      reply.clearCookie(OIDC_BROWSER_COOKIE, { path: OIDC_PATH });
      if (!result.ok) return toSignIn(reply, String(result.error.where?.refusal ?? 'expired'));
      const now = req.deps.clock.now();
      const outcome = result.value;
      if (outcome.next === 'mfa') {
        reply.setCookie(PENDING_COOKIE, outcome.pendingToken, {
          path: PENDING_PATH,
          httpOnly: true,
          sameSite: 'strict',
          secure: req.protocol === 'https',
          maxAge: secondsUntil(now, outcome.expiresAt),
        });
        return toSignIn(reply, 'mfa');
      }
      reply.clearCookie(PENDING_COOKIE, { path: PENDING_PATH });
      reply.setCookie(SESSION_COOKIE, outcome.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: req.protocol === 'https',
        maxAge: secondsUntil(now, outcome.expiresAt),
      });
      return reply.redirect('/home', 303);
    },
  );
};
