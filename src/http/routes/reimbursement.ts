/** TFM reimbursement: claims, ICE-identified lead outcomes, and the quarter's statements. Thin: parse, call one use case, render. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  getReimbursementStatement,
  listReimbursementStatements,
} from '../../app/reimbursement/get-reimbursement.ts';
import { recordClaim } from '../../app/reimbursement/record-claim.ts';
import { recordLeadOutcome } from '../../app/reimbursement/record-lead-outcome.ts';
import { isIsoDate } from '../../domain/clock.ts';
import { CLAIM_KINDS, LEAD_OUTCOMES, MAX_CLAIM_CENTS } from '../../domain/reimbursement.ts';
import { idempotencyHeaders, sendCreated } from '../idempotency.ts';
import { send } from '../problem.ts';

const id = z.string().uuid();
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(isIsoDate, 'must be a calendar date');
const quarter = z.string().regex(/^\d{4}-Q[1-4]$/, 'must be a quarter written YYYY-Qn, e.g. 2026-Q1');
const cents = z.number().int('must be a whole number of cents').min(1).max(MAX_CLAIM_CENTS);
const tags = ['reimbursement'];

export const reimbursementRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/reimbursement/statements',
    {
      schema: {
        tags,
        summary: 'One line per agency with TFM reimbursement business in the quarter (default: this quarter)',
        querystring: z.strictObject({ quarter: quarter.optional(), agencyId: id.optional() }),
      },
    },
    async (req, reply) => send(reply, await listReimbursementStatements(req.deps, req.actor, req.query)),
  );

  app.get(
    '/reimbursement/statements/:agencyId',
    {
      schema: {
        tags,
        summary: 'The agency’s reimbursement statement for a quarter, with the inputs that reproduce it',
        params: z.strictObject({ agencyId: z.string().max(64) }),
        querystring: z.strictObject({ quarter: quarter.optional() }),
      },
    },
    async (req, reply) =>
      send(
        reply,
        await getReimbursementStatement(req.deps, req.actor, {
          agencyId: req.params.agencyId,
          quarter: req.query.quarter,
        }),
      ),
  );

  app.post(
    '/reimbursement/claims',
    {
      schema: {
        tags,
        summary:
          'Record a claim; one the terms refuse (over a cap, untrained officer, before 2025-10-01) is stored as refused and answered 409 with the reason',
        headers: idempotencyHeaders,
        body: z.strictObject({
          agencyId: id.optional(),
          officerId: id.nullable().optional(),
          quarter,
          kind: z.enum(CLAIM_KINDS),
          amountCents: cents,
          annualSalaryCents: cents.nullable().optional(),
          description: z.string().trim().min(1).max(1000),
        }),
      },
    },
    async (req, reply) => sendCreated(req, reply, (deps) => recordClaim(deps, req.actor, req.body)),
  );

  app.post(
    '/reimbursement/leads',
    {
      schema: {
        tags,
        summary: 'Record the outcome of an ICE-identified lead given to a TFM officer',
        headers: idempotencyHeaders,
        body: z.strictObject({
          officerId: id,
          leadId: id.optional(),
          assignedOn: date,
          outcome: z.enum(LEAD_OUTCOMES),
        }),
      },
    },
    async (req, reply) => sendCreated(req, reply, (deps) => recordLeadOutcome(deps, req.actor, req.body)),
  );
};
