/**
 * Drives the JEM flow through its use cases far enough to raise notices: the I-213 submitted
 * (a review request to ICE supervisors), returned (to the officer who wrote it), and a served
 * detainer whose release starts the hold clock (alerts to ICE and the jail as it runs).
 * Also adds the extra accounts the notification tests need.
 */
import { createUser } from '../../src/app/accounts/create-user.ts';
import { assignCase } from '../../src/app/casework/assign-case.ts';
import { draftChargingDocument, signChargingDocument } from '../../src/app/casework/charging-document.ts';
import { approveDetainer, draftDetainer, serveDetainer } from '../../src/app/casework/detainer.ts';
import { ingestBooking } from '../../src/app/casework/ingest-booking.ts';
import { recordBookingEvent } from '../../src/app/casework/record-booking-event.ts';
import { recordDetermination } from '../../src/app/casework/record-determination.ts';
import { recordInterview } from '../../src/app/casework/record-interview.ts';
import { reviewI213 } from '../../src/app/casework/review-i213.ts';
import { signWarrant } from '../../src/app/casework/sign-warrant.ts';
import { submitI213 } from '../../src/app/casework/submit-i213.ts';
import { DEMO_PASSWORD } from '../../src/app/demo/seed-demo.ts';
import type { Deps } from '../../src/app/deps.ts';
import { type Actor, operator, type Role } from '../../src/domain/actor.ts';
import { booking, INTERVIEW, type JemWorld, value } from '../casework/support.ts';

export interface CaseRef {
  caseId: string;
  caseNumber: string;
  bookingNumber: string;
}

/** Booking → case → interview → removable → I-213 submitted: a review request to ICE supervisors. */
export async function toReview(w: JemWorld, deps: Deps = w.t.deps): Promise<CaseRef> {
  const b = value(await ingestBooking(deps, w.coordinator, booking()));
  const caseId = b.caseId!;
  value(await assignCase(deps, w.officer, caseId, { assignee: 'self' }));
  value(await recordInterview(deps, w.officer, caseId, INTERVIEW));
  value(
    await recordDetermination(deps, w.officer, caseId, {
      outcome: 'removable',
      reason: 'Entered without inspection; no lawful status found.',
    }),
  );
  value(
    await submitI213(deps, w.officer, caseId, {
      narrative: 'Subject encountered at booking; admitted entry without inspection in 2019.',
    }),
  );
  const row = await deps.db
    .selectFrom('cases')
    .select('case_number')
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  return { caseId, caseNumber: row.case_number, bookingNumber: b.bookingNumber };
}

/** The supervisor returns the I-213: a notice to the officer who submitted it, and to no one else. */
export async function returnI213(w: JemWorld, ref: CaseRef, deps: Deps = w.t.deps) {
  value(
    await reviewI213(deps, w.supervisor, ref.caseId, {
      decision: 'returned',
      reasons: 'Add the entry date.',
    }),
  );
}

let warrants = 0;

/**
 * From a submitted I-213 to a running hold: approved, charged, warrant signed, detainer approved
 * and served, then bail posted one hour before the clock's current time. Returns when the hold ends.
 */
export async function toHold(
  w: JemWorld,
  ref: CaseRef,
  deps: Deps = w.t.deps,
): Promise<{ holdEndsAt: string }> {
  const { officer, supervisor, coordinator } = w;
  value(await reviewI213(deps, supervisor, ref.caseId, { decision: 'approved', reasons: '' }));
  value(
    await draftChargingDocument(deps, officer, ref.caseId, {
      form: 'I-862',
      respondentClass: 'present_without_admission',
      allegations: ['You are not a citizen or national of the United States.'],
      charges: [{ provision: 'INA §212(a)(6)(A)(i)', description: 'Present without admission or parole' }],
      warrantlessArrest: false,
    }),
  );
  value(await signChargingDocument(deps, supervisor, ref.caseId));
  warrants++;
  value(
    await signWarrant(deps, supervisor, ref.caseId, {
      form: 'I-200',
      number: `W-2026-N${String(warrants).padStart(4, '0')}`,
    }),
  );
  value(
    await draftDetainer(deps, officer, ref.caseId, {
      basis: 'statements_or_evidence',
      basisNarrative: 'Sworn admission of entry without inspection, confirmed by EID.',
    }),
  );
  value(await approveDetainer(deps, supervisor, ref.caseId));
  value(await serveDetainer(deps, officer, ref.caseId, { language: 'Spanish' }));
  const released = value(
    await recordBookingEvent(deps, coordinator, ref.bookingNumber, {
      kind: 'bail_posted',
      occurredAt: new Date(deps.clock.now().getTime() - 3_600_000).toISOString(),
    }),
  );
  return { holdEndsAt: released.holdEndsAt! };
}

/** Another account (synthetic), as an actor. */
export async function addUser(
  deps: Deps,
  input: { email: string; role: Role; agencyId: string | null },
): Promise<Actor> {
  const created = value(
    await createUser(deps, operator('test'), {
      email: input.email,
      displayName: `Synthetic ${input.role} ${input.email.split('@')[0]}`,
      role: input.role,
      agencyId: input.agencyId,
      password: DEMO_PASSWORD,
    }),
  );
  return { kind: 'user', id: created.userId, role: input.role, agencyId: input.agencyId };
}

/** An agency other than the world's own (for tenancy checks). */
export async function otherAgencyId(w: JemWorld): Promise<string> {
  const row = await w.t.store.db
    .selectFrom('agencies')
    .select('agency_id')
    .where('agency_id', '!=', w.agencyId)
    .orderBy('agency_id')
    .executeTakeFirstOrThrow();
  return row.agency_id;
}

/** The kinds of the notices of a case, by notification id. */
export async function noticeKinds(deps: Deps, caseId: string): Promise<Map<string, string>> {
  const rows = await deps.db
    .selectFrom('notifications')
    .select(['notification_id', 'kind'])
    .where('case_id', '=', caseId)
    .execute();
  return new Map(rows.map((r) => [r.notification_id, r.kind ?? '']));
}
