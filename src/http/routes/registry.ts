/** Public registry endpoints. Thin: parse, call one use case, render. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { diffRegistry } from '../../app/registry/diff-registry.ts';
import { getAgency } from '../../app/registry/get-agency.ts';
import { getRegistryCounts } from '../../app/registry/get-registry-counts.ts';
import { getRegistryTimeline } from '../../app/registry/get-registry-timeline.ts';
import { getStateCounts } from '../../app/registry/get-state-counts.ts';
import { listAgencies } from '../../app/registry/list-agencies.ts';
import { listAgreements } from '../../app/registry/list-agreements.ts';
import { listRegistrySnapshots } from '../../app/registry/list-registry-snapshots.ts';
import { MODELS } from '../../domain/registry.ts';
import { send } from '../problem.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');
const list = z.enum(['participating', 'pending']);
const counts = z.object({ agreements: z.number(), agencies: z.number(), states: z.number() });
/** Filters and paging shared by the agreement and agency lists; the state is matched upper-case. */
const listQuery = {
  state: z
    .string()
    .min(1)
    .max(60)
    .transform((s) => s.toUpperCase())
    .optional(),
  q: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(1000).optional(),
};
const tags = ['registry'];

export const registryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/registry/counts',
    {
      schema: {
        tags,
        summary: 'Agreements, agencies and states per model, as of the latest snapshot on or before a date',
        querystring: z.strictObject({ asOf: isoDate.optional(), list: list.optional() }),
        response: {
          200: z.object({
            asOf: z.string(),
            snapshot: z.string().nullable(),
            models: z.object({ JEM: counts, WSO: counts, TFM: counts }),
            total: counts,
          }),
        },
      },
    },
    async (req, reply) => send(reply, await getRegistryCounts(req.deps, req.actor, req.query)),
  );

  app.get(
    '/registry/states',
    {
      schema: {
        tags,
        summary: 'Agreements and agencies per state, as of a date',
        querystring: z.strictObject({ asOf: isoDate.optional(), list: list.optional() }),
      },
    },
    async (req, reply) => send(reply, await getStateCounts(req.deps, req.actor, req.query)),
  );

  app.get(
    '/registry/timeline',
    {
      schema: { tags, summary: 'Rows per model in every imported snapshot', querystring: z.strictObject({}) },
    },
    async (req, reply) => send(reply, await getRegistryTimeline(req.deps, req.actor)),
  );

  app.get(
    '/registry/snapshots',
    { schema: { tags, summary: 'Imported snapshots of ICE lists', querystring: z.strictObject({}) } },
    async (req, reply) => send(reply, await listRegistrySnapshots(req.deps, req.actor)),
  );

  app.get(
    '/registry/diff',
    {
      schema: {
        tags,
        summary: 'Agencies that joined, left or switched models between two dates',
        querystring: z.strictObject({ from: isoDate, to: isoDate, list: list.optional() }),
      },
    },
    async (req, reply) => send(reply, await diffRegistry(req.deps, req.actor, req.query)),
  );

  app.get(
    '/agreements',
    {
      schema: {
        tags,
        summary: 'Agreements, filtered, with cursor pagination',
        querystring: z.strictObject({
          ...listQuery,
          model: z.enum(MODELS).optional(),
          status: z.enum(['active', 'superseded', 'removed', 'pending', 'delisted']).optional(),
        }),
      },
    },
    async (req, reply) => send(reply, await listAgreements(req.deps, req.actor, req.query)),
  );

  app.get(
    '/agencies',
    {
      schema: {
        tags,
        summary: 'Agencies, filtered, with cursor pagination',
        querystring: z.strictObject(listQuery),
      },
    },
    async (req, reply) => send(reply, await listAgencies(req.deps, req.actor, req.query)),
  );

  app.get(
    '/agencies/:agencyId',
    {
      schema: {
        tags,
        summary: 'One agency with its agreements, pending entries and history',
        params: z.object({ agencyId: z.string().max(64) }),
        querystring: z.strictObject({}),
      },
    },
    async (req, reply) => send(reply, await getAgency(req.deps, req.actor, req.params)),
  );
};
