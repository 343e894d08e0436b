/** Sign-in, the current session, sign-out. The session token travels only in an HttpOnly cookie. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { signIn } from '../../app/accounts/sign-in.ts';
import { signOut } from '../../app/accounts/sign-out.ts';
import { fail } from '../../domain/result.ts';
import { SESSION_COOKIE } from '../actor.ts';
import { send } from '../problem.ts';

export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in with email and password',
        body: z.strictObject({ email: z.string().min(3).max(320), password: z.string().min(1).max(1024) }),
      },
    },
    async (req, reply) => {
      const result = await signIn(req.deps, req.actor, req.body);
      if (!result.ok) return send(reply, result);
      reply.setCookie(SESSION_COOKIE, result.value.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: req.protocol === 'https',
        expires: result.value.expiresAt,
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
    if (!token || !req.user) return reply.code(204).send();
    const result = await signOut(req.deps, req.actor, token);
    return result.ok ? reply.code(204).send() : send(reply, result);
  });
};
