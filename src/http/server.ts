/** The Fastify application: API under /api/v1, OpenAPI at /api/openapi.json, the web app at /. */
import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Deps } from '../app/deps.ts';
import { attachActor } from './actor.ts';
import { type Problem, sendProblem } from './problem.ts';
import { healthRoutes } from './routes/health.ts';
import { officerRoutes } from './routes/officers.ts';
import { registryRoutes } from './routes/registry.ts';
import { sessionRoutes } from './routes/session.ts';

export const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');

export interface ServerOptions {
  deps: Deps;
  database: { kind: 'pglite' | 'postgres' };
  version: string;
  logger?: boolean;
  webDir?: string;
}

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger
      ? { level: 'info', redact: ['req.headers.cookie', 'req.headers.authorization'] }
      : false,
    bodyLimit: 1024 * 1024,
  });
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
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = status === 413 ? 'payload_too_large' : status === 404 ? 'not_found' : 'invalid_input';
      return sendProblem(reply, problem(status, code, 'The request is not valid', (error as Error).message));
    }
    req.log.error(error);
    return sendProblem(
      reply,
      problem(500, 'internal', 'Internal error', 'The server could not complete the request.'),
    );
  });

  await app.register(fastifyCookie);
  attachActor(app, opts.deps);

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header(
      'content-security-policy',
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
    );
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
      await api.register(sessionRoutes);
      await api.register(officerRoutes);
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

const problem = (status: number, code: string, title: string, detail: string): Problem => ({
  type: `/problems/${code}`,
  title,
  status,
  detail,
  code,
});
