/** JEM casework: bookings in, work lists, the case page and each step. Thin: parse, call one use case, render. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assignCase, assignCases } from '../../app/casework/assign-case.ts';
import { assumeCustody } from '../../app/casework/assume-custody.ts';
import { draftChargingDocument, signChargingDocument } from '../../app/casework/charging-document.ts';
import { confirmSubjectMerge } from '../../app/casework/confirm-subject-merge.ts';
import { approveDetainer, draftDetainer, serveDetainer } from '../../app/casework/detainer.ts';
import { getCase, getCaseDocument } from '../../app/casework/get-case.ts';
import { ingestBooking } from '../../app/casework/ingest-booking.ts';
import { liftDetainer } from '../../app/casework/lift-detainer.ts';
import { listCases, listTasks } from '../../app/casework/list-cases.ts';
import { openCitizenshipReview } from '../../app/casework/open-citizenship-review.ts';
import { recordBookingEvent } from '../../app/casework/record-booking-event.ts';
import { recordDetermination } from '../../app/casework/record-determination.ts';
import { recordInterview } from '../../app/casework/record-interview.ts';
import { resolveCitizenshipReview } from '../../app/casework/resolve-citizenship-review.ts';
import { resolveSubjectMatch } from '../../app/casework/resolve-subject-match.ts';
import { reviewI213 } from '../../app/casework/review-i213.ts';
import { signWarrant } from '../../app/casework/sign-warrant.ts';
import { submitI213 } from '../../app/casework/submit-i213.ts';
import { requestSystemQueries } from '../../app/casework/system-queries.ts';
import { problemOf, send, sendProblem } from '../problem.ts';

const tags = ['casework'];
const id = z.string().uuid();
const caseParams = z.strictObject({ caseId: id });
/** Each use case validates its own input strictly and names the field at fault. */
const body = z.record(z.string(), z.unknown());
const agencyQuery = z.strictObject({ agencyId: id.optional() });

type Step = (
  deps: Parameters<typeof recordInterview>[0],
  actor: Parameters<typeof recordInterview>[1],
  caseId: string,
  input: unknown,
) => ReturnType<typeof recordInterview>;

const STEPS: Array<{ path: string; summary: string; run: Step }> = [
  {
    path: 'assignment',
    summary: 'Assign the case (assignee: a user id or "self")',
    run: (d, a, c, i) => assignCase(d, a, c, i as { assignee: string }),
  },
  {
    path: 'queries',
    summary: 'Request database checks (IDENT, EID, NCIC, LESC, CLAIMS)',
    run: requestSystemQueries,
  },
  {
    path: 'interview',
    summary: 'Record the interview (language access, advisals, consular notification)',
    run: recordInterview,
  },
  {
    path: 'determination',
    summary: 'Record the determination: no action, citizenship review or removable',
    run: recordDetermination,
  },
  { path: 'i213', summary: 'Prepare and submit the I-213 for ICE review', run: submitI213 },
  { path: 'i213/review', summary: 'ICE: approve or return the I-213', run: reviewI213 },
  {
    path: 'charging-document',
    summary: 'Draft the charging document (I-862, I-851, I-871)',
    run: draftChargingDocument,
  },
  {
    path: 'charging-document/signature',
    summary: 'ICE: sign the charging document',
    run: (d, a, c) => signChargingDocument(d, a, c),
  },
  { path: 'warrant', summary: 'ICE warrant issuer: issue and sign the I-200 or I-205', run: signWarrant },
  { path: 'detainer', summary: 'Draft the detainer (I-247A) on an enumerated basis', run: draftDetainer },
  {
    path: 'detainer/approval',
    summary: 'ICE: approve the detainer',
    run: (d, a, c) => approveDetainer(d, a, c),
  },
  {
    path: 'detainer/service',
    summary: 'Serve the approved detainer on the subject (it takes effect)',
    run: serveDetainer,
  },
  { path: 'detainer/lift', summary: 'ICE: lift the detainer with a reason code', run: liftDetainer },
  { path: 'custody', summary: 'ICE: assume custody (I-286, I-203)', run: assumeCustody },
  {
    path: 'citizenship-review',
    summary: 'Record a claim or indicia of U.S. citizenship: stops the case',
    run: openCitizenshipReview,
  },
  {
    path: 'citizenship-review/resolution',
    summary: 'ICE: resolve the citizenship review',
    run: resolveCitizenshipReview,
  },
];

export const caseworkRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/bookings',
    {
      bodyLimit: 256 * 1024,
      schema: {
        tags,
        summary: 'Receive a booking from a jail (idempotent on agency + booking number)',
        querystring: agencyQuery,
        body,
      },
    },
    async (req, reply) => {
      const r = await ingestBooking(req.deps, req.actor, req.body, { agencyId: req.query.agencyId });
      return send(reply, r, r.ok && !r.value.replayed ? 201 : 200);
    },
  );
  app.post(
    '/bookings/:bookingNumber/events',
    {
      bodyLimit: 256 * 1024,
      schema: {
        tags,
        summary:
          'A later event of a booking: charges changed, bail posted, sentence served, court order, left custody',
        params: z.strictObject({ bookingNumber: z.string().min(1).max(40) }),
        querystring: agencyQuery,
        body,
      },
    },
    async (req, reply) =>
      send(
        reply,
        await recordBookingEvent(req.deps, req.actor, req.params.bookingNumber, req.body, {
          agencyId: req.query.agencyId,
        }),
      ),
  );
  app.get(
    '/cases',
    {
      schema: {
        tags,
        summary: 'Work lists: screening queue, ICE review queue, detainers and clocks',
        querystring: z.strictObject({
          list: z.enum(['screening', 'review', 'detainers', 'warrants', 'field']).default('screening'),
          facility: z.string().max(40).optional(),
          mine: z.enum(['true', 'false']).optional(),
          cursor: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
        }),
      },
    },
    async (req, reply) =>
      send(reply, await listCases(req.deps, req.actor, { ...req.query, mine: req.query.mine === 'true' })),
  );
  app.post(
    '/cases/assignment',
    {
      schema: {
        tags,
        summary: 'Bulk assign cases',
        body: z.strictObject({ caseIds: z.array(id).min(1).max(200), assignee: z.string().max(40) }),
      },
    },
    async (req, reply) => send(reply, await assignCases(req.deps, req.actor, req.body)),
  );
  app.post(
    '/tasks/:taskId/match-decision',
    {
      schema: {
        tags,
        summary: 'Decide a possible subject match: different people, or the same (proposes a merge)',
        params: z.strictObject({ taskId: id }),
        body,
      },
    },
    async (req, reply) =>
      send(reply, await resolveSubjectMatch(req.deps, req.actor, req.params.taskId, req.body)),
  );
  app.post(
    '/tasks/:taskId/merge-confirmation',
    {
      schema: {
        tags,
        summary: 'A second person confirms or rejects a proposed merge of two subject records',
        params: z.strictObject({ taskId: id }),
        body,
      },
    },
    async (req, reply) =>
      send(reply, await confirmSubjectMerge(req.deps, req.actor, req.params.taskId, req.body)),
  );
  app.get('/tasks', { schema: { tags, summary: 'Open tasks for my role' } }, async (req, reply) =>
    send(reply, await listTasks(req.deps, req.actor)),
  );
  app.get(
    '/cases/:caseId',
    { schema: { tags, summary: 'The case page', params: caseParams } },
    async (req, reply) => send(reply, await getCase(req.deps, req.actor, req.params.caseId)),
  );
  app.get(
    '/cases/:caseId/documents/:documentId',
    {
      schema: {
        tags,
        summary: 'A generated form (PDF)',
        params: z.strictObject({ caseId: id, documentId: id }),
      },
    },
    async (req, reply) => {
      const r = await getCaseDocument(req.deps, req.actor, req.params.caseId, req.params.documentId);
      if (!r.ok) return sendProblem(reply, problemOf(r.error, r.auditId));
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="${r.value.form}-v${r.value.version}.pdf"`)
        .header('x-content-sha256', r.value.sha256)
        .send(Buffer.from(r.value.content));
    },
  );
  for (const step of STEPS) {
    app.post(
      `/cases/:caseId/${step.path}`,
      { schema: { tags, summary: step.summary, params: caseParams, body: body.nullish() } },
      async (req, reply) =>
        send(reply, await step.run(req.deps, req.actor, req.params.caseId, req.body ?? {})),
    );
  }
};
