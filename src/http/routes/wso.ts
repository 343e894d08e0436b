/**
 * Warrant Service Officer casework (issue 5): ICE lodges a warrant, the WSO serves it at release,
 * ICE assumes custody (I-203) or withdraws it; the program office's WSO oversight view. Thin:
 * parse, call one use case, render.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listWsoFacilities } from '../../app/casework/wso/list-wso-facilities.ts';
import { lodgeWarrant } from '../../app/casework/wso/lodge-warrant.ts';
import { myModel } from '../../app/casework/wso/scope.ts';
import { serveWsoWarrant } from '../../app/casework/wso/serve-warrant.ts';
import { transferToIce } from '../../app/casework/wso/transfer-to-ice.ts';
import { withdrawWsoWarrant } from '../../app/casework/wso/withdraw-warrant.ts';
import { wsoProgramView } from '../../app/oversight/wso-program-view.ts';
import { idempotencyHeaders, sendCreated } from '../idempotency.ts';
import { send } from '../problem.ts';

const tags = ['wso'];
const caseParams = z.strictObject({ caseId: z.string().uuid() });
/** Each use case validates its own input strictly and names the field at fault. */
const body = z.record(z.string(), z.unknown());

const STEPS = [
  {
    path: 'service',
    summary: 'WSO: serve the lodged warrant at release and record the arrest (starts ICE’s custody clock)',
    run: serveWsoWarrant,
  },
  { path: 'transfer', summary: 'ICE: assume custody (I-203)', run: transferToIce },
  { path: 'withdrawal', summary: 'ICE: withdraw the lodged warrant', run: withdrawWsoWarrant },
] as const;

export const wsoRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/wso/warrants',
    {
      schema: {
        tags,
        summary: 'ICE warrant issuer: lodge a signed I-200 or I-205 for a person booked at a WSO facility',
        headers: idempotencyHeaders,
        body,
      },
    },
    async (req, reply) => sendCreated(req, reply, (deps) => lodgeWarrant(deps, req.actor, req.body)),
  );
  app.get(
    '/wso/facilities',
    { schema: { tags, summary: 'Facilities where a WSO agreement in force lets ICE lodge warrants' } },
    async (req, reply) => send(reply, await listWsoFacilities(req.deps, req.actor)),
  );
  app.get(
    '/wso/scope',
    {
      schema: {
        tags,
        summary: 'The model the signed-in officer acts under (WSO officers have the WSO screens only)',
      },
    },
    async (req, reply) => send(reply, await myModel(req.deps, req.actor)),
  );
  for (const step of STEPS) {
    app.post(
      `/cases/:caseId/wso/${step.path}`,
      { schema: { tags, summary: step.summary, params: caseParams, body: body.nullish() } },
      async (req, reply) =>
        send(reply, await step.run(req.deps, req.actor, req.params.caseId, req.body ?? {})),
    );
  }
  app.get(
    '/oversight/wso',
    {
      schema: {
        tags: ['oversight'],
        summary: 'WSO program view: per agency, warrants and the custody clock',
      },
    },
    async (req, reply) => send(reply, await wsoProgramView(req.deps, req.actor)),
  );
};
