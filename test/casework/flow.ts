/**
 * Moving a JEM case to a given point through its use cases (valid inputs, the demo officer and
 * ICE supervisor), extra agreements and officers made through the officer pipeline, and row
 * counts that prove whether anything was written. Shared by the casework tests.
 */
import { createUser } from '../../src/app/accounts/create-user.ts';
import { assignCase } from '../../src/app/casework/assign-case.ts';
import { draftChargingDocument, signChargingDocument } from '../../src/app/casework/charging-document.ts';
import { approveDetainer, draftDetainer, serveDetainer } from '../../src/app/casework/detainer.ts';
import { ingestBooking } from '../../src/app/casework/ingest-booking.ts';
import { recordDetermination } from '../../src/app/casework/record-determination.ts';
import { recordInterview } from '../../src/app/casework/record-interview.ts';
import { reviewI213 } from '../../src/app/casework/review-i213.ts';
import { signWarrant } from '../../src/app/casework/sign-warrant.ts';
import { submitI213 } from '../../src/app/casework/submit-i213.ts';
import { addFacility } from '../../src/app/moas/add-facility.ts';
import { createMoa } from '../../src/app/moas/create-moa.ts';
import { authorizeOfficer } from '../../src/app/officers/authorize-officer.ts';
import { certifyOfficer } from '../../src/app/officers/certify-officer.ts';
import { createTrainingClass } from '../../src/app/officers/create-training-class.ts';
import { decideNomination } from '../../src/app/officers/decide-nomination.ts';
import { enrollOfficer } from '../../src/app/officers/enroll-officer.ts';
import { nominateOfficer } from '../../src/app/officers/nominate-officer.ts';
import { recordExam } from '../../src/app/officers/record-exam.ts';
import { type Actor, operator } from '../../src/domain/actor.ts';
import { ELIGIBILITY_ITEMS } from '../../src/domain/officers.ts';
import type { Model } from '../../src/domain/registry.ts';
import type { Db } from '../../src/store/db.ts';
import { booking, INTERVIEW, type JemWorld, value } from './support.ts';

export const STAGES = [
  'screening',
  'interviewed',
  'removable',
  'i213_submitted',
  'i213_approved',
  'warrant_signed',
  'detainer_drafted',
  'detainer_approved',
  'detainer_served',
] as const;
export type Stage = (typeof STAGES)[number];

export const PASSWORD = 'Quartz-Lantern-Meadow-4417';

export const CHARGING = {
  form: 'I-862',
  respondentClass: 'present_without_admission',
  allegations: ['You are not a citizen or national of the United States.'],
  charges: [{ provision: 'INA §212(a)(6)(A)(i)', description: 'Present without admission or parole' }],
  warrantlessArrest: false,
};
export const DETAINER = {
  basis: 'statements_or_evidence',
  basisNarrative: 'Sworn admission of entry without inspection, confirmed by EID.',
};

/** A new booking (at MAIN unless `over` says otherwise) with its screening case. */
export async function newCase(
  w: JemWorld,
  over: Record<string, unknown> = {},
  person: Record<string, unknown> = {},
): Promise<{ caseId: string; bookingNumber: string; subjectId: string }> {
  const b = value(
    await ingestBooking(w.t.deps, operator('test'), booking(over, person), { agencyId: w.agencyId }),
  );
  if (!b.caseId) throw new Error('no case was opened');
  return { caseId: b.caseId, bookingNumber: b.bookingNumber, subjectId: b.subjectId };
}

/** Takes a screening case to `stage` (each step below takes it to the next stage), `officer` doing the officer's steps (the demo officer by default). */
export async function advance(w: JemWorld, caseId: string, stage: Stage, officer: Actor = w.officer) {
  const d = w.t.deps;
  const upTo = STAGES.indexOf(stage);
  const steps: Array<() => Promise<unknown>> = [
    async () => {
      value(await assignCase(d, officer, caseId, { assignee: 'self' }));
      value(await recordInterview(d, officer, caseId, INTERVIEW));
    },
    async () =>
      value(
        await recordDetermination(d, officer, caseId, {
          outcome: 'removable',
          reason: 'Entered without inspection; no lawful status found.',
        }),
      ),
    async () =>
      value(
        await submitI213(d, officer, caseId, {
          narrative: 'Subject encountered at booking; admitted entry without inspection in 2019.',
        }),
      ),
    async () => value(await reviewI213(d, w.supervisor, caseId, { decision: 'approved', reasons: '' })),
    async () => {
      value(await draftChargingDocument(d, officer, caseId, CHARGING));
      value(await signChargingDocument(d, w.supervisor, caseId));
      value(
        await signWarrant(d, w.supervisor, caseId, {
          form: 'I-200',
          number: `W-${caseId.slice(-8).toUpperCase()}`,
        }),
      );
    },
    async () => value(await draftDetainer(d, officer, caseId, DETAINER)),
    async () => value(await approveDetainer(d, w.supervisor, caseId)),
    async () => value(await serveDetainer(d, officer, caseId, { language: 'Spanish' })),
  ];
  for (const step of steps.slice(0, upTo)) await step();
}

/** Another JEM (or JEM and WSO) agreement of the world's agency, over a facility of its own. */
export async function extraAgreement(
  w: JemWorld,
  o: { code: string; models: Model[]; civilHoldsForbidden?: boolean },
): Promise<string> {
  const op = operator('test');
  value(await addFacility(w.t.deps, op, { agencyId: w.agencyId, code: o.code, name: `Facility ${o.code}` }));
  const { moaId } = value(
    await createMoa(w.t.deps, op, {
      agencyId: w.agencyId,
      title: `Agreement ${o.code}`,
      terms: {
        models: o.models,
        signedOn: '2026-01-01',
        effective: '2026-01-01',
        refresherCadenceDays: 730,
        facilityCodes: [o.code],
        civilHoldsForbidden: o.civilHoldsForbidden ?? false,
      },
    }),
  );
  return moaId;
}

/** A user linked to an officer taken through the whole pipeline to an authorization under `moaId`. */
export async function authorizedOfficer(
  w: JemWorld,
  o: { email: string; model: Model; moaId: string },
): Promise<Actor> {
  const d = w.t.deps;
  const op = operator('test');
  const { userId } = value(
    await createUser(d, op, {
      email: o.email,
      displayName: `${o.model} officer (synthetic)`,
      role: 'lea_officer',
      agencyId: w.agencyId,
      password: PASSWORD,
    }),
  );
  const { officerId } = value(
    await nominateOfficer(d, op, {
      agencyId: w.agencyId,
      displayName: `${o.model} officer (synthetic)`,
      model: o.model,
      eligibility: ELIGIBILITY_ITEMS.map((item) => ({
        item,
        satisfied: true,
        evidence: 'personnel file on record',
        dated: '2026-09-01',
      })),
      userId,
    }),
  );
  value(await decideNomination(d, op, officerId, { approve: true }));
  const { classId } = value(
    await createTrainingClass(d, op, { model: o.model, startsOn: '2026-10-01', endsOn: '2026-10-20' }),
  );
  value(await enrollOfficer(d, op, officerId, classId));
  value(await recordExam(d, op, officerId, { exam: 'final examination', score: 90, takenOn: '2026-10-20' }));
  value(await certifyOfficer(d, op, officerId, { certifiedOn: '2026-10-21' }));
  value(
    await authorizeOfficer(d, op, officerId, {
      moaId: o.moaId,
      moaVersion: 1,
      powers: null,
      startsOn: '2026-10-21',
      endsOn: '2027-10-21',
      supervisingPosition: 'Supervisory Detention and Deportation Officer',
    }),
  );
  return { kind: 'user', id: userId, role: 'lea_officer', agencyId: w.agencyId };
}

/** An ICE supervisor account without the warrant-issuer flag. */
export async function plainSupervisor(w: JemWorld, email: string): Promise<Actor> {
  const { userId } = value(
    await createUser(w.t.deps, operator('test'), {
      email,
      displayName: 'ICE supervisor, not a warrant issuer (synthetic)',
      role: 'ice_supervisor',
      password: PASSWORD,
      warrantIssuer: false,
    }),
  );
  return { kind: 'user', id: userId, role: 'ice_supervisor', agencyId: null };
}

export interface Counts {
  bookings: number;
  bookingEvents: number;
  cases: number;
  caseEvents: number;
  subjects: number;
  audit: number;
  denials: number;
}

/** Rows of the casework tables and of the audit trail (denials apart). */
export async function counts(db: Db): Promise<Counts> {
  const n = async (table: 'bookings' | 'booking_events' | 'cases' | 'case_events' | 'subjects') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const audit = await db.selectFrom('audit_events').select(['type']).execute();
  return {
    bookings: await n('bookings'),
    bookingEvents: await n('booking_events'),
    cases: await n('cases'),
    caseEvents: await n('case_events'),
    subjects: await n('subjects'),
    audit: audit.filter((a) => a.type !== 'authorization.denied').length,
    denials: audit.filter((a) => a.type === 'authorization.denied').length,
  };
}
