/**
 * Public dashboard endpoints (no sign-in; R42): the latest release that passed its check, and
 * its CSV downloads. Only the fixed, precomputed tables exist: no filter can be passed, and
 * every count is already rounded on the server. Thin: parse, call one use case, render.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getPublicStats, getPublicStatsCsv } from '../../app/public/get-public-stats.ts';
import { send } from '../problem.ts';

const tags = ['public statistics'];
const cell = z.object({ key: z.array(z.string()), value: z.number().int().nonnegative() });
const table = z.object({
  id: z.string(),
  title: z.string(),
  measure: z.string(),
  dimensions: z.array(z.string()),
  aggregation: z.enum(['sum', 'union']),
  cells: z.array(cell),
});

export const publicStatsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/public-stats',
    {
      schema: {
        tags,
        summary: 'The published statistics release: fixed tables, every count rounded to the nearest 10',
        querystring: z.strictObject({}),
        response: {
          200: z.object({
            releaseId: z.string().nullable(),
            builtAt: z.string().nullable(),
            periodFrom: z.string().nullable(),
            periodTo: z.string().nullable(),
            methodology: z.array(z.string()),
            tables: z.array(table),
          }),
        },
      },
    },
    async (req, reply) => send(reply, await getPublicStats(req.deps, req.actor)),
  );

  app.get(
    '/public-stats/download',
    {
      schema: {
        tags,
        summary: 'One published table as CSV, or `dictionary` for the data dictionary and methodology note',
        querystring: z.strictObject({ table: z.string().regex(/^[a-z-]{1,60}$/, 'must be a table id') }),
      },
    },
    async (req, reply) => {
      const r = await getPublicStatsCsv(req.deps, req.actor, req.query.table);
      if (!r.ok) return send(reply, r);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${r.value.filename}"`)
        .send(r.value.csv);
    },
  );
};
