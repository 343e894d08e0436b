/**
 * The auditor's view of the audit trail (issue 7): search by user, subject, case, time and
 * event type, newest first, paged by sequence cursor; and the same filters as a CSV or XLSX
 * export. Thin: parse, call one use case, render. Both reads are themselves audited.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportAuditTrail } from '../../app/audit/export-audit-events.ts';
import { PAGE_MAX, searchAuditTrail } from '../../app/audit/search-audit-events.ts';
import { send } from '../problem.ts';

const tags = ['audit'];
const filters = {
  user: z.string().max(200).optional(),
  subject: z.string().max(200).optional(),
  case: z.string().max(200).optional(),
  type: z.string().max(100).optional(),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
};

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/audit/events',
    {
      schema: {
        tags,
        summary: 'Search the audit trail, newest first (auditors; the search is itself audited)',
        querystring: z.strictObject({
          ...filters,
          cursor: z.string().max(20).optional(),
          limit: z.coerce.number().int().min(1).max(PAGE_MAX).optional(),
        }),
      },
    },
    async (req, reply) => send(reply, await searchAuditTrail(req.deps, req.actor, req.query)),
  );

  app.get(
    '/audit/events/export',
    {
      schema: {
        tags,
        summary: 'The audit trail as CSV or XLSX with the search filters, formula cells neutralised',
        querystring: z.strictObject({ ...filters, format: z.enum(['csv', 'xlsx']).optional() }),
      },
    },
    async (req, reply) => {
      const r = await exportAuditTrail(req.deps, req.actor, req.query);
      if (!r.ok) return send(reply, r);
      return reply
        .header('content-type', r.value.mediaType)
        .header('content-disposition', `attachment; filename="${r.value.fileName}"`)
        .header('cache-control', 'no-store')
        .send(Buffer.from(r.value.content));
    },
  );
};
