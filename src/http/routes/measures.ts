/**
 * The program office's measures (issue 8): every measure with its definition and lineage for a
 * window of months and optional model, state and agency, and each table as CSV or XLSX.
 * Thin: parse, call one use case, render.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportMeasures } from '../../app/statistics/export-measures.ts';
import { getMeasures } from '../../app/statistics/get-measures.ts';
import { send } from '../problem.ts';

const tags = ['measures'];
const filters = {
  from: z.string().max(20).optional(),
  to: z.string().max(20).optional(),
  model: z.string().max(10).optional(),
  state: z.string().max(10).optional(),
  agency: z.string().max(200).optional(),
};

export const measuresRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/measures',
    {
      schema: {
        tags,
        summary: 'Program performance measures with their definitions (exact counts, `stats.read`)',
        querystring: z.strictObject(filters),
      },
    },
    async (req, reply) => send(reply, await getMeasures(req.deps, req.actor, req.query)),
  );

  app.get(
    '/measures/export',
    {
      schema: {
        tags,
        summary: 'One measure table as CSV or XLSX, formula cells neutralised',
        querystring: z.strictObject({
          ...filters,
          format: z.string().max(10).optional(),
          measure: z.string().max(40).optional(),
          recipient: z.string().max(300).optional(),
          recipientAddress: z.string().max(500).optional(),
          purpose: z.string().max(500).optional(),
          routineUse: z.string().max(500).optional(),
        }),
      },
    },
    async (req, reply) => {
      const r = await exportMeasures(req.deps, req.actor, req.query);
      if (!r.ok) return send(reply, r);
      return reply
        .header('content-type', r.value.mediaType)
        .header('content-disposition', `attachment; filename="${r.value.fileName}"`)
        .send(Buffer.from(r.value.content));
    },
  );
};
