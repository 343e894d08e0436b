/**
 * The system-use banner, sign-in in two steps (banner + password, then a TOTP code or a security
 * key), security-key registration, re-authentication (which rotates the session token), the
 * current session, sign-out. Tokens travel only in HttpOnly cookies: the pending sign-in's cookie
 * is scoped to /api/v1/session and grants nothing; the session cookie exists only after MFA.
 */

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authConfig, PHISHING_RESISTANT_ROLES } from '../../app/accounts/auth-config.ts';
import { completeMfa } from '../../app/accounts/complete-mfa.ts';
import { completeWebauthn, webauthnSignInOptions } from '../../app/accounts/complete-webauthn.ts';
import {
  reauthenticate,
  reauthenticateWithWebauthn,
  reauthenticationOptions,
} from '../../app/accounts/reauthenticate.ts';
import { authenticatedAtOf } from '../../app/accounts/recent-auth.ts';
import {
  verifyWebauthnRegistration,
  webauthnRegistrationOptions,
} from '../../app/accounts/register-webauthn.ts';
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

function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: req.protocol === 'https',
    maxAge: secondsUntil(req.deps.clock.now(), expiresAt),
  });
}

/** base64url, as WebAuthn's JSON encodes binary fields. */
const b64url = (max: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/, 'base64url')
    .max(max);

/** What `@simplewebauthn/browser` sends; extension outputs are not used and not forwarded. */
const clientExtensionResults = z.record(z.string().max(64), z.json()).optional();
const attachment = z.enum(['platform', 'cross-platform']).optional();

const registrationResponse = z.strictObject({
  id: b64url(1024),
  rawId: b64url(1024),
  type: z.literal('public-key'),
  authenticatorAttachment: attachment,
  clientExtensionResults,
  response: z.strictObject({
    clientDataJSON: b64url(8192),
    attestationObject: b64url(32768),
    authenticatorData: b64url(16384).optional(),
    transports: z.array(z.string().max(32)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64url(8192).optional(),
  }),
});

const authenticationResponse = z.strictObject({
  id: b64url(1024),
  rawId: b64url(1024),
  type: z.literal('public-key'),
  authenticatorAttachment: attachment,
  clientExtensionResults,
  response: z.strictObject({
    clientDataJSON: b64url(8192),
    authenticatorData: b64url(16384),
    // Room for post-quantum signatures (ML-DSA-87: 4,627 bytes).
    signature: b64url(8192),
    userHandle: b64url(1024).optional(),
  }),
});

const asRegistration = (r: z.infer<typeof registrationResponse>) => ({ ...r, clientExtensionResults: {} });
const asAssertion = (r: z.infer<typeof authenticationResponse>) => ({ ...r, clientExtensionResults: {} });

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
      setSessionCookie(req, reply, result.value.token, result.value.expiresAt);
      return reply.send({ user: result.value.user });
    },
  );

  app.get(
    '/session/policy',
    { schema: { tags: ['session'], summary: 'Which accounts must sign in with a security key' } },
    async (req, reply) => {
      const config = authConfig(req.deps);
      return reply.send({
        securityKeyRequired: config.phishingResistantRequired,
        securityKeyRoles: PHISHING_RESISTANT_ROLES,
        reauthenticationMinutes: config.reauthWindowMs / 60_000,
      });
    },
  );

  app.post(
    '/session/webauthn/options',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in, step two by security key: the challenge for navigator.credentials.get',
      },
    },
    async (req, reply) =>
      send(
        reply,
        await webauthnSignInOptions(req.deps, req.actor, { pendingToken: req.cookies[PENDING_COOKIE] }),
      ),
  );

  app.post(
    '/session/webauthn',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in, step two by security key: the signed challenge',
        body: z.strictObject({ response: authenticationResponse }),
      },
    },
    async (req, reply) => {
      const result = await completeWebauthn(req.deps, req.actor, {
        pendingToken: req.cookies[PENDING_COOKIE],
        response: asAssertion(req.body.response),
      });
      if (!result.ok) return send(reply, result);
      reply.clearCookie(PENDING_COOKIE, { path: PENDING_PATH });
      setSessionCookie(req, reply, result.value.token, result.value.expiresAt);
      return reply.send({ user: result.value.user });
    },
  );

  app.post(
    '/session/webauthn/registration/options',
    {
      schema: {
        tags: ['session'],
        summary: 'Register a security key: the challenge for navigator.credentials.create',
        description:
          'For the signed-in user (after a recent re-authentication), or for a pending sign-in of an ' +
          'account that must use a security key and has none yet, after its TOTP code was accepted.',
      },
    },
    async (req, reply) =>
      send(
        reply,
        await webauthnRegistrationOptions(req.deps, req.actor, {
          sessionToken: req.cookies[SESSION_COOKIE],
          pendingToken: req.cookies[PENDING_COOKIE],
        }),
      ),
  );

  app.post(
    '/session/webauthn/registration',
    {
      schema: {
        tags: ['session'],
        summary: 'Register a security key: the new credential',
        body: z.strictObject({ response: registrationResponse }),
      },
    },
    async (req, reply) =>
      send(
        reply,
        await verifyWebauthnRegistration(
          req.deps,
          req.actor,
          { sessionToken: req.cookies[SESSION_COOKIE], pendingToken: req.cookies[PENDING_COOKIE] },
          asRegistration(req.body.response),
        ),
      ),
  );

  app.post(
    '/session/reauthentication',
    {
      schema: {
        tags: ['session'],
        summary: 'Re-authenticate with password and TOTP code; rotates the session token',
        body: z.strictObject({ password: z.string().min(1).max(1024), code: z.string().min(1).max(16) }),
      },
    },
    async (req, reply) => {
      const result = await reauthenticate(req.deps, req.actor, {
        sessionToken: req.cookies[SESSION_COOKIE],
        ...req.body,
      });
      if (!result.ok) return send(reply, result);
      setSessionCookie(req, reply, result.value.token, result.value.expiresAt);
      return reply.send({ reauthenticatedAt: result.value.reauthenticatedAt.toISOString() });
    },
  );

  app.post(
    '/session/reauthentication/options',
    { schema: { tags: ['session'], summary: 'Re-authenticate with a security key: the challenge' } },
    async (req, reply) =>
      send(
        reply,
        await reauthenticationOptions(req.deps, req.actor, { sessionToken: req.cookies[SESSION_COOKIE] }),
      ),
  );

  app.post(
    '/session/reauthentication/webauthn',
    {
      schema: {
        tags: ['session'],
        summary: 'Re-authenticate with a security key: the signed challenge; rotates the session token',
        body: z.strictObject({ response: authenticationResponse }),
      },
    },
    async (req, reply) => {
      const result = await reauthenticateWithWebauthn(req.deps, req.actor, {
        sessionToken: req.cookies[SESSION_COOKIE],
        response: asAssertion(req.body.response),
      });
      if (!result.ok) return send(reply, result);
      setSessionCookie(req, reply, result.value.token, result.value.expiresAt);
      return reply.send({ reauthenticatedAt: result.value.reauthenticatedAt.toISOString() });
    },
  );

  app.get('/session', { schema: { tags: ['session'], summary: 'The signed-in user' } }, async (req, reply) =>
    req.user
      ? reply.send({ user: req.user, authenticatedAt: authenticatedAtOf(req.actor)?.toISOString() ?? null })
      : send(reply, fail('unauthenticated', 'Sign in to continue.')),
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
