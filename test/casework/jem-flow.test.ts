/**
 * The JEM flow through its use cases, on PGlite and PostgreSQL: booking → screening case →
 * interview → determination → I-213 → ICE approval → charging document and warrant signed by
 * ICE → detainer drafted, approved, served → release starts the hold → ICE assumes custody.
 * Every step is in the timeline and the audit trail; the forms are stored with their hashes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignCase } from '../../src/app/casework/assign-case.ts';
import { assumeCustody } from '../../src/app/casework/assume-custody.ts';
import { draftChargingDocument, signChargingDocument } from '../../src/app/casework/charging-document.ts';
import { approveDetainer, draftDetainer, serveDetainer } from '../../src/app/casework/detainer.ts';
import { fireDueTimers } from '../../src/app/casework/fire-due-timers.ts';
import { getCase } from '../../src/app/casework/get-case.ts';
import { ingestBooking } from '../../src/app/casework/ingest-booking.ts';
import { recordBookingEvent } from '../../src/app/casework/record-booking-event.ts';
import { recordDetermination } from '../../src/app/casework/record-determination.ts';
import { recordInterview } from '../../src/app/casework/record-interview.ts';
import { reviewI213 } from '../../src/app/casework/review-i213.ts';
import { signWarrant } from '../../src/app/casework/sign-warrant.ts';
import { submitI213 } from '../../src/app/casework/submit-i213.ts';
import { verifyAuditChain } from '../../src/store/audit.ts';
import { backends } from '../support/db.ts';
import { booking, INTERVIEW, type JemWorld, jemWorld, value } from './support.ts';

describe.each(backends())('JEM flow on %s', (backend) => {
  let w: JemWorld;
  beforeAll(async () => {
    w = await jemWorld(backend);
  });
  afterAll(async () => w.t.close());

  it('walks a booking to ICE custody, every step recorded', async () => {
    const { t, officer, supervisor, coordinator } = w;
    const b = value(await ingestBooking(t.deps, coordinator, booking()));
    expect(b.caseId).toBeTruthy();
    expect(b.tier).toBe(3);
    const caseId = b.caseId!;
    value(await assignCase(t.deps, officer, caseId, { assignee: 'self' }));
    value(await recordInterview(t.deps, officer, caseId, INTERVIEW));
    value(
      await recordDetermination(t.deps, officer, caseId, {
        outcome: 'removable',
        reason: 'Entered without inspection; no lawful status found.',
      }),
    );
    value(
      await submitI213(t.deps, officer, caseId, {
        narrative: 'Subject encountered at booking; admitted entry without inspection in 2019.',
      }),
    );
    value(await reviewI213(t.deps, supervisor, caseId, { decision: 'approved', reasons: '' }));
    value(
      await draftChargingDocument(t.deps, officer, caseId, {
        form: 'I-862',
        respondentClass: 'present_without_admission',
        allegations: ['You are not a citizen or national of the United States.'],
        charges: [{ provision: 'INA §212(a)(6)(A)(i)', description: 'Present without admission or parole' }],
        warrantlessArrest: false,
      }),
    );
    value(await signChargingDocument(t.deps, supervisor, caseId));
    value(await signWarrant(t.deps, supervisor, caseId, { form: 'I-200', number: 'W-2026-0001' }));
    value(
      await draftDetainer(t.deps, officer, caseId, {
        basis: 'statements_or_evidence',
        basisNarrative: 'Sworn admission of entry without inspection, confirmed by EID.',
      }),
    );
    value(await approveDetainer(t.deps, supervisor, caseId));
    value(await serveDetainer(t.deps, officer, caseId, { language: 'Spanish' }));
    t.clock.set('2026-11-30T10:00:00Z');
    const released = value(
      await recordBookingEvent(t.deps, coordinator, b.bookingNumber, {
        kind: 'bail_posted',
        occurredAt: '2026-11-30T09:00:00Z',
      }),
    );
    expect(released.caseStatus).toBe('hold_running');
    expect(released.holdEndsAt).toBe('2026-12-02T09:00:00.000Z');
    t.clock.set('2026-12-01T09:00:30Z');
    expect(value(await fireDueTimers(t.deps)).fired).toBe(1);
    t.clock.set('2026-12-01T12:00:00Z');
    value(
      await assumeCustody(t.deps, supervisor, caseId, {
        receivingFacility: { name: 'ICE processing center (demo)', address: '1 Federal Way' },
      }),
    );
    const view = value(await getCase(t.deps, supervisor, caseId));
    expect(view.case.outcome).toBe('ice_assumed_custody');
    expect(view.documents.map((d) => d.form).sort()).toEqual(
      ['I-200', 'I-203', 'I-213', 'I-247A', 'I-247A', 'I-286', 'I-862'].sort(),
    );
    expect(view.events.map((e) => e.kind)).toContain('case.hold_alert');
    expect((await verifyAuditChain(t.store.db)).ok).toBe(true);
  });
});
