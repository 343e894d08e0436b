/**
 * The system-use banner, sign-in in two steps (banner + password, then a TOTP code), the current
 * session, sign-out. Tokens travel only in HttpOnly cookies: the pending sign-in's cookie is
 * scoped to /api/v1/session and grants nothing; the session cookie exists only after MFA.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { completeMfa } from '../../app/accounts/complete-mfa.ts';
import { signIn } from '../../app/accounts/sign-in.ts';
import { signOut } from '../../app/accounts/sign-out.ts';
import { fail } from '../../domain/result.ts';
import { SYSTEM_USE_BANNER } from '../../domain/session.ts';
import { PENDING_COOKIE, SESSION_COOKIE } from '../actor.ts';
import { send } from '../problem.ts';

const PENDING_PATH = '/api/v1/session';

/**
 * Cookie lifetimes are relative (Max-Age), not absolute (Expires): the browser judges Expires by
 * its own clock, which need not agree with the server's (nor with a test's injected clock). The
 * server enforces the real limits either way.
 */
const secondsUntil = (now: Date, end: Date) =>
  Math.max(0, Math.floor((end.getTime() - now.getTime()) / 1000));

export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/session/banner',
    { schema: { tags: ['session'], summary: 'The system-use notice to acknowledge before signing in' } },
    async (_req, reply) => reply.send(SYSTEM_USE_BANNER),
  );

  app.post(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in, step one: acknowledge the banner, email and password',
        description:
          'Answers `next: "mfa"` (enter a TOTP code at POST /session/mfa) or `next: "enrol"` with the ' +
          'account’s new TOTP key, shown only in this answer. No session exists until the code is accepted.',
        body: z.strictObject({
          email: z.string().min(3).max(320),
          password: z.string().min(1).max(1024),
          acknowledgedBanner: z.literal(true),
        }),
      },
    },
    async (req, reply) => {
      const result = await signIn(req.deps, req.actor, req.body);
      if (!result.ok) return send(reply, result);
      const { pendingToken, expiresAt, next, enrolment } = result.value;
      reply.setCookie(PENDING_COOKIE, pendingToken, {
        path: PENDING_PATH,
        httpOnly: true,
        sameSite: 'strict',
        secure: req.protocol === 'https',
        maxAge: secondsUntil(req.deps.clock.now(), expiresAt),
      });
      return reply.send({
        next,
        expiresAt: expiresAt.toISOString(),
        bannerVersion: SYSTEM_USE_BANNER.version,
        ...(enrolment ? { enrolment } : {}),
      });
    },
  );

  app.post(
    '/session/mfa',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in, step two: a TOTP code (the first code from the new key when enrolling)',
        body: z.strictObject({ code: z.string().min(1).max(16) }),
      },
    },
    async (req, reply) => {
      const result = await completeMfa(req.deps, req.actor, {
        pendingToken: req.cookies[PENDING_COOKIE],
        code: req.body.code,
      });
      if (!result.ok) return send(reply, result);
      reply.clearCookie(PENDING_COOKIE, { path: PENDING_PATH });
      reply.setCookie(SESSION_COOKIE, result.value.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: req.protocol === 'https',
        maxAge: secondsUntil(req.deps.clock.now(), result.value.expiresAt),
      });
      return reply.send({ user: result.value.user });
    },
  );

  app.get('/session', { schema: { tags: ['session'], summary: 'The signed-in user' } }, async (req, reply) =>
    req.user ? reply.send({ user: req.user }) : send(reply, fail('unauthenticated', 'Sign in to continue.')),
  );

  app.delete('/session', { schema: { tags: ['session'], summary: 'Sign out' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(PENDING_COOKIE, { path: PENDING_PATH });
    if (!token || !req.user) return reply.code(204).send();
    const result = await signOut(req.deps, req.actor, token);
    return result.ok ? reply.code(204).send() : send(reply, result);
  });
};
