/** Liveness and database reachability. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkHealth } from '../../app/system/check-health.ts';
import { send } from '../problem.ts';

export const healthRoutes: FastifyPluginAsyncZod<{ database: { kind: string }; version: string }> = async (
  app,
  opts,
) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Health check',
        response: { 200: z.object({ status: z.literal('ok'), database: z.string(), version: z.string() }) },
      },
    },
    async (req, reply) =>
      send(reply, await checkHealth(req.deps, { database: opts.database.kind, version: opts.version })),
  );
};
