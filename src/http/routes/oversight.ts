import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { acknowledgeComplaint } from '../../app/oversight/acknowledge-complaint.ts';
import { closeComplaint } from '../../app/oversight/close-complaint.ts';
import { getMeeting } from '../../app/oversight/committee-meeting.ts';
import { committeeReport } from '../../app/oversight/committee-report.ts';
import { NARRATIVE_MAX } from '../../app/oversight/complaint-input.ts';
import { completeActionItem } from '../../app/oversight/complete-action-item.ts';
import { forwardComplaint } from '../../app/oversight/forward-complaint.ts';
import { linkComplaint } from '../../app/oversight/link-complaint.ts';
import { getComplaint, listComplaints } from '../../app/oversight/list-complaints.ts';
import {
  getInspection,
  listInspections,
  overdueInspections,
} from '../../app/oversight/overdue-inspections.ts';
import { recordCommitteeMeeting } from '../../app/oversight/record-committee-meeting.ts';
import { recordComplaint } from '../../app/oversight/record-complaint.ts';
import { recordFinding, updateFinding } from '../../app/oversight/record-finding.ts';
import { recordInspection } from '../../app/oversight/record-inspection.ts';
import { reopenActionItem } from '../../app/oversight/reopen-action-item.ts';
import { scheduleCommitteeMeeting } from '../../app/oversight/schedule-committee-meeting.ts';
import { scheduleInspection } from '../../app/oversight/schedule-inspection.ts';
import { submitComplaint } from '../../app/oversight/submit-complaint.ts';
import { suspendPendingInvestigation } from '../../app/oversight/suspend-pending-investigation.ts';
import { isIsoDate } from '../../domain/clock.ts';
import {
  COMPLAINT_LANGUAGES,
  COMPLAINT_OUTCOMES,
  COMPLAINT_STATUSES,
  STAFF_CHANNELS,
} from '../../domain/oversight.ts';
import { MODELS } from '../../domain/registry.ts';
import { idempotencyHeaders, sendCreated, sendStep } from '../idempotency.ts';
import { send } from '../problem.ts';

const id = z.string().uuid();
const text = (max = 500) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().max(max).nullable().optional();
const tags = ['oversight'];

const content = {
  narrative: z.string().max(NARRATIVE_MAX + 1000),
  occurredOn: optionalText(10),
  location: optionalText(300),
  agencyName: optionalText(300),
  contact: z
    .strictObject({ name: optionalText(200), email: optionalText(254), phone: optionalText(40) })
    .nullable()
    .optional(),
};
const ids = z.array(id).max(50).optional();
const links = z.strictObject({ officerIds: ids, caseIds: ids, moaIds: ids });
/** Not a uuid schema: an id that is no complaint is a 404, whatever its form. */
const complaintParams = z.strictObject({ complaintId: z.string().min(1).max(64) });
const inspectionParams = z.strictObject({ inspectionId: z.string().min(1).max(64) });
const findingParams = inspectionParams.extend({ findingId: z.string().min(1).max(64) });
const meetingParams = z.strictObject({ meetingId: z.string().min(1).max(64) });
const itemParams = meetingParams.extend({ itemId: z.string().min(1).max(64) });
const note = z.string().max(2000).nullable().optional();
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(isIsoDate, 'must be a calendar date');

export const oversightRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/complaints',
    {
      schema: {
        tags,
        summary: 'File a complaint (public, no sign-in); returns its reference',
        body: z.strictObject({
          language: z.enum(COMPLAINT_LANGUAGES),
          agencyId: id.nullable().optional(),
          ...content,
        }),
      },
    },
    // Not keyed: anonymous callers share one actor, so a key could replay another person's answer.
    async (req, reply) => send(reply, await submitComplaint(req.deps, req.actor, req.body), 201),
  );

  app.post(
    '/complaints/intake',
    {
      schema: {
        tags,
        summary: 'Record a complaint received by telephone, on paper or in person',
        headers: idempotencyHeaders,
        body: z.strictObject({
          channel: z.enum(STAFF_CHANNELS),
          language: z.enum(COMPLAINT_LANGUAGES),
          agencyId: id,
          links: links.optional(),
          ...content,
        }),
      },
    },
    async (req, reply) => sendCreated(req, reply, (deps) => recordComplaint(deps, req.actor, req.body)),
  );

  app.get(
    '/complaints',
    {
      schema: {
        tags,
        summary: 'The complaint queue (ICE: all; an agency coordinator: their agency’s)',
        querystring: z.strictObject({
          agencyId: id.optional(),
          status: z.enum(COMPLAINT_STATUSES).optional(),
        }),
      },
    },
    async (req, reply) => send(reply, await listComplaints(req.deps, req.actor, req.query)),
  );

  app.get(
    '/complaints/:complaintId',
    { schema: { tags, summary: 'A complaint and its history', params: complaintParams } },
    async (req, reply) => send(reply, await getComplaint(req.deps, req.actor, req.params.complaintId)),
  );

  app.post(
    '/complaints/:complaintId/links',
    {
      schema: {
        tags,
        summary: 'Assign the agency and link officers, cases and agreements',
        params: complaintParams,
        body: links.extend({ agencyId: id.optional() }),
      },
    },
    async (req, reply) =>
      send(reply, await linkComplaint(req.deps, req.actor, req.params.complaintId, req.body)),
  );
  app.post(
    '/complaints/:complaintId/acknowledgement',
    {
      schema: {
        tags,
        summary: 'Acknowledge receipt',
        params: complaintParams,
        body: z.strictObject({ note: z.string().max(2000).optional() }),
      },
    },
    async (req, reply) =>
      send(reply, await acknowledgeComplaint(req.deps, req.actor, req.params.complaintId, req.body)),
  );
  app.post(
    '/complaints/:complaintId/forwarding',
    {
      schema: {
        tags,
        summary: 'Forward to ICE’s Office of Professional Responsibility',
        params: complaintParams,
        body: z.strictObject({ oprReference: optionalText(100), note: z.string().max(2000).optional() }),
      },
    },
    async (req, reply) =>
      send(reply, await forwardComplaint(req.deps, req.actor, req.params.complaintId, req.body)),
  );
  app.post(
    '/complaints/:complaintId/suspension',
    {
      schema: {
        tags,
        summary: 'Suspend a linked officer pending investigation',
        params: complaintParams,
        body: z.strictObject({ officerId: id, detail: text(1000) }),
      },
    },
    async (req, reply) =>
      send(reply, await suspendPendingInvestigation(req.deps, req.actor, req.params.complaintId, req.body)),
  );
  app.post(
    '/complaints/:complaintId/closure',
    {
      schema: {
        tags,
        summary: 'Close with the outcome of the investigation',
        params: complaintParams,
        body: z.strictObject({ outcome: z.enum(COMPLAINT_OUTCOMES), summary: text(4000) }),
      },
    },
    async (req, reply) =>
      send(reply, await closeComplaint(req.deps, req.actor, req.params.complaintId, req.body)),
  );

  // Compliance inspections ------------------------------------------------------------------
  app.post(
    '/inspections',
    {
      schema: {
        tags,
        summary: 'Schedule a compliance inspection of an agreement version and model',
        headers: idempotencyHeaders,
        body: z.strictObject({
          moaId: id,
          moaVersion: z.number().int().min(1),
          model: z.enum(MODELS),
          dueOn: date,
          checklist: z.array(text(500)).min(1).max(100).optional(),
        }),
      },
    },
    async (req, reply) => sendCreated(req, reply, (deps) => scheduleInspection(deps, req.actor, req.body)),
  );
  app.get(
    '/inspections',
    {
      schema: {
        tags,
        summary: 'Inspections with their findings and whether each is overdue',
        querystring: z.strictObject({ agencyId: id.optional() }),
      },
    },
    async (req, reply) => send(reply, await listInspections(req.deps, req.actor, req.query)),
  );
  app.get(
    '/inspections/overdue',
    { schema: { tags, summary: 'The overdue-inspection report (an agency coordinator: their agency’s)' } },
    async (req, reply) => send(reply, await overdueInspections(req.deps, req.actor)),
  );
  app.get(
    '/inspections/:inspectionId',
    {
      schema: {
        tags,
        summary: 'One inspection with its checklist, findings and corrective actions',
        params: inspectionParams,
      },
    },
    async (req, reply) => send(reply, await getInspection(req.deps, req.actor, req.params.inspectionId)),
  );
  app.post(
    '/inspections/:inspectionId/completion',
    {
      schema: {
        tags,
        summary: 'Record the inspection as held, with the checklist results',
        params: inspectionParams,
        body: z.strictObject({
          completedOn: date,
          followUpDueOn: date.nullable().optional(),
          results: z
            .array(
              z.strictObject({
                item: text(500),
                result: z.enum(['met', 'not_met', 'not_applicable']),
                note: optionalText(2000),
              }),
            )
            .max(100),
        }),
      },
    },
    async (req, reply) =>
      send(reply, await recordInspection(req.deps, req.actor, req.params.inspectionId, req.body)),
  );
  app.post(
    '/inspections/:inspectionId/findings',
    {
      schema: {
        tags,
        summary: 'Record a finding and its corrective action',
        headers: idempotencyHeaders,
        params: inspectionParams,
        body: z.strictObject({
          summary: text(4000),
          clauseId: optionalText(60),
          correctiveAction: optionalText(4000),
          correctiveDueOn: date.nullable().optional(),
        }),
      },
    },
    async (req, reply) =>
      sendCreated(req, reply, (deps) => recordFinding(deps, req.actor, req.params.inspectionId, req.body)),
  );
  app.post(
    '/inspections/:inspectionId/findings/:findingId',
    {
      schema: {
        tags,
        summary:
          'Report a corrective action done (the agency or ICE: corrected) or verify it at follow-up (ICE: verified)',
        headers: idempotencyHeaders,
        params: findingParams,
        body: z.strictObject({ status: z.enum(['corrected', 'verified']), on: date, note }),
      },
    },
    async (req, reply) =>
      sendStep(req, reply, (deps) =>
        updateFinding(deps, req.actor, req.params.inspectionId, req.params.findingId, req.body),
      ),
  );

  // Steering committees ---------------------------------------------------------------------
  app.post(
    '/committee-meetings',
    {
      schema: {
        tags,
        summary: 'Schedule a steering-committee meeting under an agreement',
        headers: idempotencyHeaders,
        body: z.strictObject({ moaId: id, scheduledOn: date }),
      },
    },
    async (req, reply) =>
      sendCreated(req, reply, (deps) => scheduleCommitteeMeeting(deps, req.actor, req.body)),
  );
  app.get(
    '/committee-meetings',
    {
      schema: {
        tags,
        summary: 'Steering committees per agreement in force, with overdue warnings',
        querystring: z.strictObject({ agencyId: id.optional() }),
      },
    },
    async (req, reply) => send(reply, await committeeReport(req.deps, req.actor, req.query)),
  );
  app.post(
    '/committee-meetings/:meetingId/minutes',
    {
      schema: {
        tags,
        summary: 'Record a held meeting: attendees, minutes and action items',
        params: meetingParams,
        body: z.strictObject({
          heldOn: date,
          attendees: z.array(z.strictObject({ name: text(200), organization: text(300) })).max(100),
          minutes: text(20_000),
          actionItems: z
            .array(
              z.strictObject({ summary: text(1000), owner: text(200), dueOn: date.nullable().optional() }),
            )
            .max(100),
        }),
      },
    },
    async (req, reply) =>
      send(reply, await recordCommitteeMeeting(req.deps, req.actor, req.params.meetingId, req.body)),
  );
  app.get(
    '/committee-meetings/:meetingId',
    {
      schema: {
        tags,
        summary: 'One meeting with its action items and their history',
        params: meetingParams,
      },
    },
    async (req, reply) => send(reply, await getMeeting(req.deps, req.actor, req.params.meetingId)),
  );
  app.post(
    '/committee-meetings/:meetingId/action-items/:itemId/completion',
    {
      schema: {
        tags,
        summary: 'Mark an action item done: the date, and a note',
        headers: idempotencyHeaders,
        params: itemParams,
        body: z.strictObject({ on: date, note }),
      },
    },
    async (req, reply) =>
      sendStep(req, reply, (deps) =>
        completeActionItem(deps, req.actor, req.params.meetingId, req.params.itemId, req.body),
      ),
  );
  app.post(
    '/committee-meetings/:meetingId/action-items/:itemId/reopening',
    {
      schema: {
        tags,
        summary: 'Reopen an action item marked done, saying why',
        headers: idempotencyHeaders,
        params: itemParams,
        body: z.strictObject({ note: text(2000) }),
      },
    },
    async (req, reply) =>
      sendStep(req, reply, (deps) =>
        reopenActionItem(deps, req.actor, req.params.meetingId, req.params.itemId, req.body),
      ),
  );
};
