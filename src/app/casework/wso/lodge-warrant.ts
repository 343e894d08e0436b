/**
 * ICE lodges a signed I-200 (Warrant for Arrest of Alien) or I-205 (Warrant of Removal) with a
 * Warrant Service Officer agency for a named person held in one of its WSO facilities. The
 * person is the booking's subject (matched by the jail's booking number; subject resolution was
 * done when the booking came in). Only an ICE officer listed in 8 CFR 287.5(e)(2) — the
 * warrant-issuer flag — lodges one (the engine's `sign_warrant`). Lodging opens the WSO case:
 * status `warrant_lodged`, in the WSO's queue by release time; the warrant's PDF is stored.
 */
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { describeIssue } from '../../../authority/scenario.ts';
import type { Actor } from '../../../domain/actor.ts';
import type { CaseRecord } from '../../../domain/jem-case.ts';
import { inForce } from '../../../domain/moa.ts';
import { fail, ok, type Result } from '../../../domain/result.ts';
import { appendAudit } from '../../../store/audit.ts';
import * as casework from '../../../store/casework.ts';
import type { Deps } from '../../deps.ts';
import { guard, guardDelegated } from '../../guard.ts';
import { renderCaseDocument, signerOf } from '../documents.ts';
import { type CaseContext, caseFacts, caseScenario, governingVersion } from '../standing.ts';
import { checkWarrantFields, warrantFields, warrantFormData } from '../warrant.ts';

export const WSO_TIER_EXPLANATION = 'WSO: warrant lodged by ICE';
export const WSO_PRIORITY_POLICY = 'wso-lodged/1';

const schema = z
  .strictObject({
    agencyId: z.uuid({ error: 'must be an agency id' }),
    bookingNumber: z.string().trim().min(1).max(40),
    ...warrantFields,
  })
  .superRefine(checkWarrantFields);

export type LodgeWarrantInput = z.input<typeof schema>;

export interface LodgedWarrant {
  caseId: string;
  caseNumber: string;
  status: 'warrant_lodged';
  facilityCode: string;
  expectedReleaseAt: string | null;
}

export async function lodgeWarrant(deps: Deps, actor: Actor, input: unknown): Promise<Result<LodgedWarrant>> {
  // Who may read cases at all, before anything about the input is said (R10).
  const refused = await guard(deps, actor, 'case.read');
  if (refused) return refused;
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const w = parsed.data;
  const tenancy = await guard(deps, actor, 'case.read', {
    type: 'agency',
    id: w.agencyId,
    agencyId: w.agencyId,
  });
  if (tenancy) return tenancy;
  const booking = await casework.findBookingByNumber(deps.db, w.agencyId, w.bookingNumber);
  if (!booking) return fail('not_found', `No booking ${w.bookingNumber} has been received from this agency.`);
  const subject = booking.subjectId ? await casework.findSubject(deps.db, booking.subjectId) : null;
  // 8 U.S.C. §1367: outside the delegated workflow the person does not exist here (R11).
  if (subject?.protected1367)
    return fail('not_found', `No booking ${w.bookingNumber} has been received from this agency.`);
  const at = deps.clock.now();
  const caseId = uuidv7();
  const record: CaseRecord = {
    warrant: { form: w.form, number: w.number, signedAt: at.toISOString(), signedBy: actor.id },
    wsoWarrant: { form: w.form, number: w.number, lodgedAt: at.toISOString(), lodgedBy: actor.id },
  };
  const ctx: CaseContext = {
    kase: {
      agencyId: w.agencyId,
      caseId,
      caseNumber: 'pending',
      model: 'WSO',
      bookingId: booking.bookingId,
      subjectId: booking.subjectId,
      facilityCode: booking.facilityCode,
      jurisdiction: null,
      status: 'warrant_lodged',
      tier: 1,
      priorityExplanation: WSO_TIER_EXPLANATION,
      priorityPolicyVersion: WSO_PRIORITY_POLICY,
      assignedTo: null,
      assignedAt: null,
      openedAt: at,
      expectedReleaseAt: booking.expectedReleaseAt,
      citizenshipReviewOpen: false,
      record,
      holdStartedAt: null,
      holdEndsAt: null,
      outcome: null,
      outcomeReason: null,
      closedAt: null,
      updatedAt: at,
      version: 1,
    },
    booking,
    subject,
  };
  // The engine: only an ICE warrant issuer signs and lodges an I-200/I-205; hard stops apply.
  const scenario = await caseScenario(deps.db, actor, ctx, 'sign_warrant', at, caseFacts({}, booking, null));
  const { denied } = await guardDelegated(deps, actor, scenario, { type: 'booking', id: booking.bookingId });
  if (denied) return denied;

  const version = await governingVersion(deps.db, w.agencyId, booking.facilityCode, at, 'WSO');
  if (!version || !inForce(version, at))
    return fail(
      'conflict',
      `Booking ${w.bookingNumber} is at ${booking.facilityCode}, which no WSO agreement in force lists: a warrant is lodged with a WSO facility only.`,
      { ruleId: 'wso.facility-not-listed', citation: '8 U.S.C. §1357(g)(1)' },
    );
  if (booking.leftCustodyAt)
    return fail(
      'conflict',
      `The person of booking ${w.bookingNumber} left the facility's custody at ${booking.leftCustodyAt.toISOString()}: there is no one to serve the warrant on.`,
      { ruleId: 'wso.not-in-custody' },
    );
  const existing = await casework.findCaseByBooking(deps.db, booking.bookingId);
  if (existing) return alreadyLodged(existing);

  // The number is taken first so the warrant's PDF can carry it (rendered outside the write).
  const caseNumber = await deps.db.transaction().execute((tx) => casework.nextCaseNumber(tx, at, 'WSO'));
  ctx.kase.caseNumber = caseNumber;
  const signer = await signerOf(deps.db, actor);
  const rendered = await renderCaseDocument(
    deps.db,
    ctx,
    { form: w.form, data: warrantFormData(ctx, w, signer, at) },
    at,
  );
  if (!rendered.ok) return rendered;
  const doc = rendered.value;
  try {
    const auditId = await deps.db.transaction().execute(async (tx) => {
      await casework.insertCase(tx, ctx.kase);
      const summary = `${w.form} ${w.number} lodged by ICE for booking ${w.bookingNumber} at ${booking.facilityCode}: serve it at release`;
      const lodged = await appendAudit(tx, actor, at, {
        type: 'case.warrant_lodged',
        resource: { type: 'case', id: caseId },
        data: {
          agencyId: w.agencyId,
          caseNumber,
          bookingNumber: w.bookingNumber,
          facilityCode: booking.facilityCode,
          form: w.form,
          number: w.number,
        },
      });
      await casework.appendCaseEvent(tx, {
        caseId,
        at,
        actorId: actor.id,
        actorRole: actor.kind === 'public' ? null : actor.role,
        kind: 'case.warrant_lodged',
        summary,
        data: { form: w.form, number: w.number, bookingNumber: w.bookingNumber },
        auditEventId: lodged,
      });
      await casework.insertDocument(tx, { ...doc, agencyId: w.agencyId, caseId, createdBy: actor.id });
      const generated = await appendAudit(tx, actor, at, {
        type: 'case.document_generated',
        resource: { type: 'case', id: caseId },
        data: {
          agencyId: w.agencyId,
          form: doc.form,
          version: doc.version,
          sha256: doc.sha256,
          templateVersion: doc.templateVersion,
          reason: doc.reason,
        },
      });
      await casework.appendCaseEvent(tx, {
        caseId,
        at,
        actorId: actor.id,
        actorRole: actor.kind === 'public' ? null : actor.role,
        kind: 'case.document_generated',
        summary: `${doc.form} version ${doc.version} generated (SHA-256 ${doc.sha256.slice(0, 12)}…)`,
        data: {
          form: doc.form,
          version: doc.version,
          sha256: doc.sha256,
          templateVersion: doc.templateVersion,
        },
        auditEventId: generated,
      });
      for (const recipientRole of ['lea_officer', 'lea_admin'])
        await casework.notifyCase(
          tx,
          {
            notificationId: uuidv7(),
            agencyId: w.agencyId,
            recipientRole,
            recipientUser: null,
            caseId,
            kind: 'wso_warrant_lodged',
            subject: `Warrant lodged on case ${caseNumber}: serve it at release`,
            body: `ICE lodged ${w.form} ${w.number} for booking ${w.bookingNumber} at ${booking.facilityCode}.${
              booking.expectedReleaseAt
                ? ` Expected release: ${booking.expectedReleaseAt.toISOString()}.`
                : ''
            }`,
          },
          at,
        );
      return lodged;
    });
    return ok(
      {
        caseId,
        caseNumber,
        status: 'warrant_lodged',
        facilityCode: booking.facilityCode,
        expectedReleaseAt: booking.expectedReleaseAt ? booking.expectedReleaseAt.toISOString() : null,
      },
      auditId,
    );
  } catch (error) {
    // Two lodgings raced for the same booking: the loser is told, nothing of theirs is written.
    if ((error as { code?: string }).code === '23505') {
      const raced = await casework.findCaseByBooking(deps.db, booking.bookingId);
      if (raced) return alreadyLodged(raced);
    }
    throw error;
  }
}

function alreadyLodged(existing: casework.CaseRow): Result<never> {
  return fail(
    'conflict',
    existing.model === 'WSO'
      ? `A warrant is already lodged for this booking (case ${existing.caseNumber}).`
      : `This booking already has a ${existing.model} case (${existing.caseNumber}); a WSO warrant is lodged only on a WSO facility's booking.`,
    { ruleId: 'wso.booking-has-case' },
  );
}
