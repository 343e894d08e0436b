/**
 * A booking from a jail (API or file): validate, resolve the subject (the rules first, then the
 * probabilistic subject index: subject-index.ts; only an agreeing identifier links, an exact
 * name and date of birth alone is a possible-match task), and — at a facility a JEM
 * agreement in force lists — open a screening case prioritised under the priority policy. One
 * transaction: booking, subject, case, timeline, tasks and audit events, or nothing.
 * Idempotent on agency + booking number: the same booking again answers as before; the same
 * number with other content is refused.
 */
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { describeIssue } from '../../authority/scenario.ts';
import type { Actor } from '../../domain/actor.ts';
import { type BookingInput, bookingSchema } from '../../domain/booking.ts';
import { ageOn } from '../../domain/jem-case.ts';
import { inForce } from '../../domain/moa.ts';
import { prioritise } from '../../domain/priority.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { type Resolution, resolveAtIntake } from '../../domain/subject-resolution.ts';
import { appendAudit, canonicalJson } from '../../store/audit.ts';
import * as casework from '../../store/casework.ts';
import type { Tx } from '../../store/db.ts';
import { facilityOf } from '../../store/moas.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { governingVersion } from './standing.ts';
import { matchTaskData, scoreAgainstIndex, subjectAddedAfterCommit } from './subject-index.ts';

export interface IngestedBooking {
  bookingId: string;
  bookingNumber: string;
  subjectId: string;
  caseId: string | null;
  caseNumber: string | null;
  tier: number | null;
  priority: string | null;
  /** True when this exact booking had already been received: nothing was written. */
  replayed: boolean;
}

/** Who sends bookings for which agency: agency staff and tokens for their own, ICE naming one. */
function agencyFor(actor: Actor, requested: string | undefined): Result<string> {
  if (actor.kind === 'user' && actor.agencyId) {
    if (requested && requested !== actor.agencyId)
      return fail('forbidden', 'Bookings are sent only for your own agency.', {
        ruleId: 'tenancy.own_agency',
      });
    return ok(actor.agencyId);
  }
  if (!requested) return fail('invalid_input', 'agencyId: is required when the sender has no agency');
  return ok(requested);
}

export async function ingestBooking(
  deps: Deps,
  actor: Actor,
  input: unknown,
  options: { agencyId?: string | undefined } = {},
): Promise<Result<IngestedBooking>> {
  // Who may send bookings at all, before anything about the input is said (R10).
  const refused = await guard(deps, actor, 'booking.ingest');
  if (refused) return refused;
  const parsed = bookingSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const agency = agencyFor(actor, options.agencyId);
  if (!agency.ok) return agency;
  const agencyId = agency.value;
  const denied = await guard(deps, actor, 'booking.ingest', { type: 'agency', id: agencyId, agencyId });
  if (denied) return denied;
  const b = parsed.data;
  const at = deps.clock.now();
  if (Date.parse(b.bookedAt) > at.getTime() + 5 * 60_000)
    return fail('invalid_input', 'bookedAt: is in the future');
  const facility = await facilityOf(deps.db, agencyId, b.facilityCode);
  if (!facility)
    return fail('invalid_input', `facilityCode: ${b.facilityCode} is not a facility of this agency`);
  const contentHash = createHash('sha256').update(canonicalJson(b)).digest('hex');
  const existing = await casework.findBookingByNumber(deps.db, agencyId, b.bookingNumber);
  if (existing) return replay(deps, existing, contentHash);

  const candidates = await casework.subjectCandidates(deps.db, {
    lastName: b.person.lastName,
    dob: b.person.dob,
    fbiNumber: b.person.fbiNumber,
    fin: b.person.fin,
    aNumber: b.person.aNumber,
  });
  const scored = await scoreAgainstIndex(deps, b.person);
  const resolution = resolveAtIntake(b.person, candidates, scored.evidence);
  const version = await governingVersion(deps.db, agencyId, b.facilityCode, at);
  const jem = version?.models.includes('JEM') === true && inForce(version, at);
  const priority = prioritise({
    convictions: [],
    pendingCharges: b.charges.map((c) => ({ ncic: c.ncic, chargedOn: b.bookedAt.slice(0, 10) })),
  });
  const bookingId = uuidv7();
  const subjectId = resolution.kind === 'linked' ? resolution.subjectId : uuidv7();
  const caseId = jem ? uuidv7() : null;
  try {
    const caseNumber = await deps.db.transaction().execute(async (tx) => {
      if (resolution.kind === 'new') await createSubject(tx, actor, subjectId, b, at);
      else
        await casework.fillSubjectIdentifiers(tx, subjectId, {
          fbiNumber: b.person.fbiNumber ?? null,
          fin: b.person.fin ?? null,
          aNumber: b.person.aNumber ?? null,
        });
      await casework.insertBooking(
        tx,
        {
          agencyId,
          bookingId,
          bookingNumber: b.bookingNumber,
          facilityCode: b.facilityCode,
          bookedAt: new Date(b.bookedAt),
          person: b.person,
          charges: b.charges,
          contentHash,
          subjectId,
          expectedReleaseAt: b.expectedReleaseAt ? new Date(b.expectedReleaseAt) : null,
          releasedAt: null,
          releaseReason: null,
          leftCustodyAt: null,
        },
        at,
      );
      await appendAudit(tx, actor, at, {
        type: 'booking.received',
        resource: { type: 'booking', id: bookingId },
        data: {
          agencyId,
          bookingNumber: b.bookingNumber,
          facilityCode: b.facilityCode,
          charges: b.charges.length,
          subjectId,
          linkedBy: resolution.kind === 'linked' ? resolution.basis : 'new_subject',
        },
      });
      if (!caseId) return null;
      return openCase(tx, actor, { agencyId, caseId, bookingId, subjectId, b, priority, resolution }, at);
    });
    if (resolution.kind === 'new') subjectAddedAfterCommit(scored.indexId, subjectId, b.person);
    return ok({
      bookingId,
      bookingNumber: b.bookingNumber,
      subjectId,
      caseId,
      caseNumber,
      tier: caseId ? priority.tier : null,
      priority: caseId ? priority.explanation : null,
      replayed: false,
    });
  } catch (error) {
    // Two senders raced with the same booking number: the loser answers as a resend.
    if ((error as { code?: string }).code === '23505') {
      const raced = await casework.findBookingByNumber(deps.db, agencyId, b.bookingNumber);
      if (raced) return replay(deps, raced, contentHash);
    }
    throw error;
  }
}

async function replay(
  deps: Deps,
  existing: casework.BookingRow,
  contentHash: string,
): Promise<Result<IngestedBooking>> {
  if (existing.contentHash !== contentHash)
    return fail(
      'conflict',
      `Booking ${existing.bookingNumber} was already received with different content; send changes as booking events.`,
      { ruleId: 'booking.duplicate-number' },
    );
  const kase = await casework.findCaseByBooking(deps.db, existing.bookingId);
  return ok({
    bookingId: existing.bookingId,
    bookingNumber: existing.bookingNumber,
    subjectId: existing.subjectId ?? '',
    caseId: kase?.caseId ?? null,
    caseNumber: kase?.caseNumber ?? null,
    tier: kase?.tier ?? null,
    priority: kase?.priorityExplanation ?? null,
    replayed: true,
  });
}

async function createSubject(tx: Tx, actor: Actor, subjectId: string, b: BookingInput, at: Date) {
  await casework.insertSubject(
    tx,
    {
      subjectId,
      firstName: b.person.firstName,
      middleName: b.person.middleName ?? null,
      lastName: b.person.lastName,
      dob: b.person.dob,
      sex: b.person.sex,
      fbiNumber: b.person.fbiNumber ?? null,
      fin: b.person.fin ?? null,
      aNumber: b.person.aNumber ?? null,
      protected1367: false,
      confirmedCitizenAt: null,
    },
    at,
  );
  await appendAudit(tx, actor, at, {
    type: 'subject.created',
    resource: { type: 'subject', id: subjectId },
    data: { via: 'booking' },
  });
}

async function openCase(
  tx: Tx,
  actor: Actor,
  o: {
    agencyId: string;
    caseId: string;
    bookingId: string;
    subjectId: string;
    b: BookingInput;
    priority: ReturnType<typeof prioritise>;
    resolution: Resolution;
  },
  at: Date,
): Promise<string> {
  const caseNumber = await casework.nextCaseNumber(tx, at);
  const { b } = o;
  await casework.insertCase(tx, {
    agencyId: o.agencyId,
    caseId: o.caseId,
    caseNumber,
    model: 'JEM',
    jurisdiction: null,
    bookingId: o.bookingId,
    subjectId: o.subjectId,
    facilityCode: b.facilityCode,
    status: 'screening',
    tier: o.priority.tier,
    priorityExplanation: o.priority.explanation,
    priorityPolicyVersion: o.priority.policyVersion,
    assignedTo: null,
    assignedAt: null,
    openedAt: at,
    expectedReleaseAt: b.expectedReleaseAt ? new Date(b.expectedReleaseAt) : null,
    citizenshipReviewOpen: false,
    record: {},
    holdStartedAt: null,
    holdEndsAt: null,
    outcome: null,
    outcomeReason: null,
    closedAt: null,
    updatedAt: at,
    version: 1,
  });
  const auditId = await appendAudit(tx, actor, at, {
    type: 'case.opened',
    resource: { type: 'case', id: o.caseId },
    data: {
      agencyId: o.agencyId,
      caseNumber,
      tier: o.priority.tier,
      priorityPolicyVersion: o.priority.policyVersion,
    },
  });
  await casework.appendCaseEvent(tx, {
    caseId: o.caseId,
    at,
    actorId: actor.id,
    actorRole: actor.kind === 'public' ? null : actor.role,
    kind: 'case.opened',
    summary: `Booking ${b.bookingNumber} received at ${b.facilityCode}; screening case opened. ${o.priority.explanation}`,
    data: { bookingNumber: b.bookingNumber, tier: o.priority.tier },
    auditEventId: auditId,
  });
  const task = (kind: string, recipientRole: string, title: string, data: object) =>
    casework.insertTask(
      tx,
      {
        taskId: uuidv7(),
        agencyId: o.agencyId,
        caseId: o.caseId,
        kind,
        recipientRole,
        title,
        data,
        dueAt: null,
      },
      at,
    );
  for (const m of o.resolution.possible)
    await task(
      'subject_match_review',
      'ice_supervisor',
      'Possible match with a known subject: review',
      matchTaskData(m),
    );
  if (ageOn(b.person.dob, b.bookedAt.slice(0, 10)) < 18)
    await task(
      'juvenile_review',
      'ice_supervisor',
      'Subject under 18: ICE supervisor and Field Office Juvenile Coordinator review; no delegated action',
      { citation: 'Flores Settlement Agreement; TVPRA 2008' },
    );
  return caseNumber;
}
