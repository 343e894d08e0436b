/** The signed-in user's inbox: list, unread count, mark read. Thin: parse, call one use case, render. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { countUnread, INBOX_PAGE, listInbox } from '../../app/notifications/list-inbox.ts';
import { markRead } from '../../app/notifications/mark-read.ts';
import { send } from '../problem.ts';

const tags = ['notifications'];

export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/inbox',
    {
      schema: {
        tags,
        summary: 'Notices addressed to the signed-in user or their role, newest first, with the unread count',
        querystring: z.strictObject({
          cursor: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(INBOX_PAGE.max).optional(),
          unread: z.enum(['true', 'false']).optional(),
        }),
      },
    },
    async (req, reply) =>
      send(
        reply,
        await listInbox(req.deps, req.actor, {
          cursor: req.query.cursor,
          limit: req.query.limit,
          unread: req.query.unread === 'true',
        }),
      ),
  );

  app.get(
    '/inbox/unread-count',
    { schema: { tags, summary: 'How many notices the signed-in user has not read' } },
    async (req, reply) => send(reply, await countUnread(req.deps, req.actor)),
  );

  app.post(
    '/inbox/:notificationId/read',
    {
      schema: {
        tags,
        summary: 'Mark a notice read',
        params: z.strictObject({ notificationId: z.string().uuid() }),
      },
    },
    async (req, reply) => send(reply, await markRead(req.deps, req.actor, req.params)),
  );
};
