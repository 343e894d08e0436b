/**
 * The audit checkpoint signing key and the signed checkpoints (issue 7, security.md R18), for
 * auditors: the key in use (public part only), the newest checkpoints with their signature
 * checks and the hourly-freshness warning, and a checkpoint written on demand (re-authentication
 * required). Thin: parse, call one use case, render.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getAuditKey } from '../../app/audit-keys/get-audit-key.ts';
import { CHECKPOINTS_MAX, listAuditCheckpoints } from '../../app/audit-keys/list-audit-checkpoints.ts';
import { writeCheckpointNow } from '../../app/audit-keys/write-checkpoint-now.ts';
import { send } from '../problem.ts';

const tags = ['audit'];

export const auditKeyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/audit/key',
    {
      schema: {
        tags,
        summary:
          'The Ed25519 key that signs audit checkpoints: public key, fingerprint, where checkpoints go',
        querystring: z.strictObject({}),
      },
    },
    async (req, reply) => send(reply, await getAuditKey(req.deps, req.actor)),
  );

  app.get(
    '/audit/checkpoints',
    {
      schema: {
        tags,
        summary: 'The newest signed checkpoints, each with its signature check, and whether one is overdue',
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(CHECKPOINTS_MAX).optional(),
        }),
      },
    },
    async (req, reply) => send(reply, await listAuditCheckpoints(req.deps, req.actor, req.query)),
  );

  app.post(
    '/audit/checkpoints',
    {
      schema: {
        tags,
        summary: 'Sign the audit chain head now and write the checkpoint outside the database',
        querystring: z.strictObject({}),
        body: z.strictObject({}).nullish(),
      },
    },
    // Not keyed: it signs whatever the head is now; a repeat is a new checkpoint, not a duplicate.
    async (req, reply) => send(reply, await writeCheckpointNow(req.deps, req.actor), 201),
  );
};
