/**
 * A later event on a booking from the jail: charges changed (the case is re-prioritised), the
 * "would otherwise be released" moment (bail posted, sentence served, court order, charges
 * dismissed), or the person leaving custody. The release moment is the one the law turns on
 * (Miranda-Olivares): on an effective detainer it starts the hold clock — if the authority
 * engine permits the hold at all — with alerts at 24, 36 and 44 hours and the release at 48;
 * without an effective detainer the case closes and the person is released as usual.
 */
import { v7 as uuidv7 } from 'uuid';
import { describeIssue } from '../../authority/scenario.ts';
import type { Actor } from '../../domain/actor.ts';
import {
  type BookingEventInput,
  bookingEventSchema,
  eventAfterBooking,
  isReleaseEvent,
} from '../../domain/booking.ts';
import { holdSchedule } from '../../domain/hold-clock.ts';
import { onWouldBeReleased } from '../../domain/jem-case.ts';
import { prioritise } from '../../domain/priority.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import * as casework from '../../store/casework.ts';
import type { Deps } from '../deps.ts';
import { guard, guardDelegated } from '../guard.ts';
import { type CaseEffect, persistCaseEffect } from './case-step.ts';
import { criminalHistoryOf } from './criminal-history.ts';
import { type CaseContext, caseFacts, caseScenario, governingVersion } from './standing.ts';
import { wsoBookingEventEffect } from './wso/booking-events.ts';

export interface BookingEventResult {
  bookingId: string;
  caseId: string | null;
  caseStatus: string | null;
  holdEndsAt: string | null;
}

export async function recordBookingEvent(
  deps: Deps,
  actor: Actor,
  bookingNumber: string,
  input: unknown,
  options: { agencyId?: string | undefined } = {},
): Promise<Result<BookingEventResult>> {
  // Who may send bookings at all, before anything about the input is said (R10).
  const refused = await guard(deps, actor, 'booking.ingest');
  if (refused) return refused;
  const parsed = bookingEventSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const agencyId = actor.kind === 'user' && actor.agencyId ? actor.agencyId : options.agencyId;
  if (!agencyId) return fail('invalid_input', 'agencyId: is required when the sender has no agency');
  const denied = await guard(deps, actor, 'booking.ingest', { type: 'agency', id: agencyId, agencyId });
  if (denied) return denied;
  const booking = await casework.findBookingByNumber(deps.db, agencyId, bookingNumber);
  if (!booking) return fail('not_found', `No booking ${bookingNumber} has been received from this agency.`);
  const e = parsed.data;
  const order = eventAfterBooking(booking.bookedAt, e.occurredAt);
  if (order) return fail('invalid_input', order);
  const at = deps.clock.now();
  if (Date.parse(e.occurredAt) > at.getTime() + 5 * 60_000)
    return fail('invalid_input', 'occurredAt: is in the future');
  const kase = await casework.findCaseByBooking(deps.db, booking.bookingId);
  const eventId = uuidv7();

  const writeBookingEvent = async (tx: Parameters<NonNullable<CaseEffect['alsoWrite']>>[0]) => {
    await casework.insertBookingEvent(
      tx,
      {
        agencyId,
        bookingId: booking.bookingId,
        eventId,
        kind: e.kind,
        occurredAt: new Date(e.occurredAt),
        data: e,
      },
      at,
    );
    if (e.kind === 'charges_changed' && e.charges)
      await casework.updateBooking(tx, booking.bookingId, { charges: e.charges });
    if (isReleaseEvent(e.kind) && !booking.releasedAt)
      await casework.updateBooking(tx, booking.bookingId, {
        releasedAt: new Date(e.occurredAt),
        releaseReason: e.kind,
      });
    if (e.kind === 'left_custody' && !booking.leftCustodyAt)
      await casework.updateBooking(tx, booking.bookingId, { leftCustodyAt: new Date(e.occurredAt) });
    await appendAudit(tx, actor, at, {
      type: 'booking.event_recorded',
      resource: { type: 'booking', id: booking.bookingId },
      data: { agencyId, bookingNumber, kind: e.kind, occurredAt: e.occurredAt },
    });
  };

  const subject = kase?.subjectId ? await casework.findSubject(deps.db, kase.subjectId) : null;
  const effect = kase && !kase.closedAt ? await caseEffectOf(deps, { kase, booking, subject }, e) : null;
  if (!kase || !effect) {
    await deps.db.transaction().execute(async (tx) => {
      await writeBookingEvent(tx);
      // The person has left: a release task on the closed case (a hold refused) is done.
      if (kase && e.kind === 'left_custody')
        await casework.closeTasks(tx, kase.caseId, ['mandatory_release'], actor.id, at, {
          releasedAt: e.occurredAt,
        });
    });
    return ok({
      bookingId: booking.bookingId,
      caseId: kase?.caseId ?? null,
      caseStatus: kase?.status ?? null,
      holdEndsAt: null,
    });
  }
  const written = await persistCaseEffect(
    deps,
    actor,
    { kase, booking, subject },
    { ...effect, alsoWrite: writeBookingEvent },
    [],
    at,
  );
  if (!written.ok) return written;
  return ok({
    bookingId: booking.bookingId,
    caseId: kase.caseId,
    caseStatus: written.value.status,
    holdEndsAt: effect.patch.holdEndsAt ? effect.patch.holdEndsAt.toISOString() : null,
  });
}

/** A case on a booking (every JEM and WSO case). */
type BookedContext = CaseContext & { booking: casework.BookingRow };

/** What the event does to an open case; null when it changes nothing on it. */
async function caseEffectOf(
  deps: Deps,
  ctx: BookedContext,
  e: BookingEventInput,
): Promise<CaseEffect | null> {
  const { kase, booking } = ctx;
  // WSO: the release moment starts no hold (the WSO serves the warrant then); see wso/booking-events.ts.
  if (kase.model === 'WSO') return wsoBookingEventEffect(ctx, e);
  if (e.kind === 'charges_changed' && e.charges) {
    const queries = await casework.queriesOf(deps.db, kase.caseId);
    const { history } = criminalHistoryOf({ ...booking, charges: e.charges }, queries);
    const p = prioritise(history);
    return {
      patch: { tier: p.tier, priorityExplanation: p.explanation, priorityPolicyVersion: p.policyVersion },
      event: {
        type: 'case.reprioritised',
        summary: `Charges changed. ${p.explanation}`,
        data: { tier: p.tier },
      },
    };
  }
  if (e.kind === 'left_custody') {
    if (kase.status !== 'hold_running') return null;
    const limit = kase.holdEndsAt && Date.parse(e.occurredAt) >= kase.holdEndsAt.getTime();
    return {
      patch: {
        status: 'closed',
        outcome: limit ? 'released_at_hold_limit' : 'released_by_jail',
        outcomeReason: limit
          ? 'Released at the 48-hour limit; ICE did not assume custody'
          : 'Released by the jail during the hold',
        closedAt: new Date(e.occurredAt),
      },
      event: {
        type: 'case.released',
        summary: `Released from the jail's custody at ${e.occurredAt}${limit ? ' (48-hour limit)' : ''}`,
        data: { overHold: Boolean(kase.holdEndsAt && Date.parse(e.occurredAt) > kase.holdEndsAt.getTime()) },
      },
      cancelTimers: true,
      closeTasks: { kinds: ['mandatory_release'], resolution: { releasedAt: e.occurredAt } },
    };
  }
  if (!isReleaseEvent(e.kind) || booking.releasedAt) return null;
  const effect = onWouldBeReleased({
    status: kase.status,
    record: kase.record,
    citizenshipReviewOpen: kase.citizenshipReviewOpen,
    holdEndsAt: kase.holdEndsAt,
  });
  if (effect.kind === 'already_released') return null;
  if (effect.kind === 'close')
    return {
      patch: {
        status: 'closed',
        outcome: effect.outcome,
        outcomeReason: `${e.kind.replaceAll('_', ' ')}: no effective detainer`,
        closedAt: new Date(e.occurredAt),
      },
      event: {
        type: 'case.released',
        summary: `Would otherwise be released (${e.kind.replaceAll('_', ' ')}): no effective detainer, released as usual`,
        data: { reason: e.kind },
      },
      cancelTimers: true,
    };
  return startHold(deps, ctx, e);
}

/** The hold, if the engine permits it, as of the release moment, under the serving officer's authority. */
async function startHold(deps: Deps, ctx: BookedContext, e: BookingEventInput): Promise<CaseEffect> {
  const { kase } = ctx;
  const releasedAt = new Date(e.occurredAt);
  const version = await governingVersion(deps.db, kase.agencyId, kase.facilityCode, releasedAt);
  const schedule = holdSchedule(releasedAt, version?.holdRule ?? 'plain_48h');
  const servedBy = kase.record.detainer?.served?.by ?? kase.assignedTo ?? 'unknown';
  const officer: Actor = { kind: 'user', id: servedBy, role: 'lea_officer', agencyId: kase.agencyId };
  const facts = {
    ...caseFacts(kase.record, { releasedAt }, schedule.endsAt),
  };
  const at = deps.clock.now();
  const scenario = await caseScenario(deps.db, officer, ctx, 'hold_past_release', at, facts);
  const { decision, denied } = await guardDelegated(deps, officer, scenario, {
    type: 'case',
    id: kase.caseId,
  });
  if (denied)
    return {
      patch: {
        status: 'closed',
        outcome: 'released_no_hold_permitted',
        outcomeReason: decision.reasons.join(' '),
        closedAt: releasedAt,
      },
      event: {
        type: 'case.released',
        summary: `Would otherwise be released: no hold is permitted here (${decision.ruleIds.join(', ')}). Release the person as usual.`,
        data: { ruleIds: decision.ruleIds.join(', '), citations: decision.citations.join('; ') },
      },
      tasks: [
        {
          kind: 'mandatory_release',
          recipientRole: 'lea_admin',
          title: `Release the person of case ${kase.caseNumber}: no hold is permitted (${decision.citations.join('; ')})`,
          dueAt: releasedAt,
        },
      ],
      cancelTimers: true,
    };
  const ends = schedule.endsAt.toISOString();
  return {
    patch: { status: 'hold_running', holdStartedAt: releasedAt, holdEndsAt: schedule.endsAt },
    event: {
      type: 'case.hold_started',
      summary: `Would otherwise be released (${e.kind.replaceAll('_', ' ')}) at ${e.occurredAt}: hold on the effective detainer until ${ends} at the latest`,
      data: { holdEndsAt: ends, rule: version?.holdRule ?? 'plain_48h' },
    },
    timers: schedule.alerts.map((a) => ({ kind: a.kind, dueAt: a.dueAt })),
    notices: ['ice_supervisor', 'lea_admin'].map((recipientRole) => ({
      recipientRole,
      kind: 'hold_started',
      subject: `Hold clock started on case ${kase.caseNumber}: ICE must assume custody by ${ends}`,
      body: 'The hold may not be extended. At 48 hours the person is released.',
    })),
  };
}
