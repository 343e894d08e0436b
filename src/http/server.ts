/** The Fastify application: API under /api/v1, OpenAPI at /api/openapi.json, the web app at /. */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RouteOptions,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Deps } from '../app/deps.ts';
import { attachActor } from './actor.ts';
import { type Problem, sendDatabaseProblem, sendProblem } from './problem.ts';
import { auditRoutes } from './routes/audit.ts';
import { auditKeyRoutes } from './routes/audit-keys.ts';
import { caseworkRoutes } from './routes/casework.ts';
import { healthRoutes } from './routes/health.ts';
import { measuresRoutes } from './routes/measures.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { officerRoutes } from './routes/officers.ts';
import { oidcRoutes } from './routes/oidc.ts';
import { oversightRoutes } from './routes/oversight.ts';
import { publicStatsRoutes } from './routes/public-stats.ts';
import { registryRoutes } from './routes/registry.ts';
import { reimbursementRoutes } from './routes/reimbursement.ts';
import { sessionRoutes } from './routes/session.ts';
import { tfmRoutes } from './routes/tfm.ts';
import { wsoRoutes } from './routes/wso.ts';

export const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');

export interface ServerOptions {
  deps: Deps;
  database: { kind: 'pglite' | 'postgres' };
  version: string;
  logger?: boolean;
  webDir?: string;
  /** Called for every route as it is registered (tests enumerate the router with it). */
  onRoute?: (route: RouteOptions) => void;
}

/**
 * R27: set on every response, errors and static files included. HSTS is sent always (browsers
 * ignore it over plain HTTP, RFC 6797 §8.1), so a TLS-terminating proxy needs no configuration.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
};

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger
      ? { level: 'info', redact: ['req.headers.cookie', 'req.headers.authorization'] }
      : false,
    bodyLimit: 1024 * 1024,
    genReqId: () => randomUUID(),
    // Errors the router raises before any route or hook (a malformed or overlong URL): a
    // problem like every other, without quoting the URL back.
    frameworkErrors: (error, req, reply) => {
      setResponseHeaders(req, reply); // no route, so no onSend hook
      const status = error.statusCode === 414 ? 414 : 400;
      const detail = status === 414 ? 'A path segment of the URL is too long.' : 'The URL is not valid.';
      return sendProblem(reply, problem(status, 'invalid_input', 'The request is not valid', detail));
    },
  });
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((error, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const first = error.validation[0];
      const field = first?.instancePath?.replace(/^\//, '').replaceAll('/', '.') ?? '';
      const keys = (first?.params as { keys?: string[] } | undefined)?.keys;
      const unknown = first?.keyword === 'unrecognized_keys' && keys ? keys : null;
      const detail = unknown
        ? `Unknown ${error.validationContext === 'querystring' ? 'query parameter' : 'field'}: ${unknown.join(', ')}.`
        : `${error.validationContext ?? 'input'}${field ? ` ${field}` : ''}: ${first?.message ?? 'invalid'}.`;
      return sendProblem(reply, problem(400, 'invalid_input', 'The request is not valid', detail));
    }
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && Number.isInteger(status) && status >= 400 && status < 500) {
      const code = status === 413 ? 'payload_too_large' : status === 404 ? 'not_found' : 'invalid_input';
      return sendProblem(reply, problem(status, code, 'The request is not valid', clientDetail(error)));
    }
    // R36: retries exhausted → 503 retry-later; an invariant constraint lost a race → 409.
    const transient = sendDatabaseProblem(reply, error);
    if (transient) return transient;
    req.log.error({ err: error, reqId: req.id }, 'internal error');
    // R29: a generic message and the request id (matching the log entry), nothing else.
    const body: Problem & { requestId: string } = {
      ...problem(500, 'internal', 'Internal error', 'The server could not complete the request.'),
      requestId: req.id,
    };
    return sendProblem(reply, body);
  });

  await app.register(fastifyCookie);
  attachActor(app, opts.deps);

  // PostgreSQL text cannot hold U+0000: refuse it in any input before a route sees it, so no
  // endpoint can turn it into a database error (R25).
  app.addHook('preValidation', async (req, reply) => {
    if (hasNul(req.body) || hasNul(req.query) || hasNul(req.params)) {
      return sendProblem(
        reply,
        problem(400, 'invalid_input', 'The request is not valid', 'The input contains a NUL character.'),
      );
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    setResponseHeaders(req, reply);
    return payload;
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Delegate API',
        version: opts.version,
        description:
          'System of record for 287(g) delegated immigration authority. Errors are RFC 9457 problem details.',
      },
    },
    transform: jsonSchemaTransform,
  });

  await app.register(
    async (api) => {
      await api.register(healthRoutes, { database: opts.database, version: opts.version });
      await api.register(registryRoutes);
      await api.register(publicStatsRoutes);
      await api.register(sessionRoutes);
      await api.register(oidcRoutes);
      await api.register(officerRoutes);
      await api.register(caseworkRoutes);
      await api.register(tfmRoutes);
      await api.register(notificationRoutes);
      await api.register(reimbursementRoutes);
      await api.register(wsoRoutes);
      await api.register(oversightRoutes);
      await api.register(measuresRoutes);
      await api.register(auditRoutes);
      await api.register(auditKeyRoutes);
    },
    { prefix: '/api/v1' },
  );
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const webDir = opts.webDir ?? WEB_DIST;
  const hasWeb = fs.existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, wildcard: false, index: false });
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/') && hasWeb) {
      return reply.type('text/html').sendFile('index.html');
    }
    const detail = req.url.startsWith('/api/')
      ? `No endpoint ${req.method} ${req.url.split('?')[0]}.`
      : 'The web app is not built: run npm run build:web.';
    return sendProblem(reply, problem(404, 'not_found', 'Not found', detail));
  });
  return app;
}

/** True when a string anywhere in a parsed JSON value (keys included) contains U+0000. */
function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object' || depth > 64) return false;
  if (Array.isArray(value)) return value.some((v) => hasNul(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v, depth + 1));
}

function setResponseHeaders(req: FastifyRequest, reply: FastifyReply) {
  reply.headers(SECURITY_HEADERS);
  reply.header('x-request-id', req.id);
  // API answers may carry personal data: never stored by a browser or shared cache.
  if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
}

/**
 * What a client error may say (R29): the message of Fastify's own client errors (bad JSON,
 * wrong media type, too large) and of errors marked safe to expose, first line only and
 * bounded; for any other error that claims a 4xx, a generic sentence.
 */
function clientDetail(error: unknown): string {
  const e = error as { code?: unknown; expose?: unknown; message?: unknown };
  const safe = (typeof e.code === 'string' && e.code.startsWith('FST_')) || e.expose === true;
  const line = (typeof e.message === 'string' ? e.message : '').split('\n')[0] ?? '';
  return safe && line.length > 0 && line.length <= 300 ? line : 'The request could not be read.';
}

const problem = (status: number, code: string, title: string, detail: string): Problem => ({
  type: `/problems/${code}`,
  title,
  status,
  detail,
  code,
});
