/**
 * A Task Force Model field encounter (issue 5; domain.md §1.4): who (the signed-in officer), when,
 * where — a jurisdiction that must lie in the agreement's area of responsibility, decided by the
 * authority engine for the delegated action `interview` at that place, so a refusal names the
 * area rule and its clause — the lawful basis of the stop as a code and a narrative (never
 * immigration status or a protected characteristic), and the person. Resolves the subject like a
 * booking does and opens a TFM case (`encountered`, no booking). One transaction: subject, case,
 * timeline, tasks and audit events, or nothing.
 */
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { describeIssue } from '../../../authority/scenario.ts';
import type { Actor } from '../../../domain/actor.ts';
import { type BookingPerson, personSchema } from '../../../domain/booking.ts';
import type { CaseRecord, StopBasis } from '../../../domain/jem-case.ts';
import { inForce } from '../../../domain/moa.ts';
import { prioritise } from '../../../domain/priority.ts';
import { fail, ok, type Result } from '../../../domain/result.ts';
import { resolveAtIntake } from '../../../domain/subject-resolution.ts';
import { checkStopBasis, STOP_BASIS_LABEL } from '../../../domain/tfm.ts';
import { appendAudit, recordAudit } from '../../../store/audit.ts';
import * as casework from '../../../store/casework.ts';
import type { Tx } from '../../../store/db.ts';
import type { Deps } from '../../deps.ts';
import { guard, guardDelegated } from '../../guard.ts';
import { caseFacts, caseScenario, governingVersion } from '../standing.ts';
import { matchTaskData, scoreAgainstIndex, subjectAddedAfterCommit } from '../subject-index.ts';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });

/** The basis is checked by `checkStopBasis` (domain/tfm.ts), so its refusal names the rule. */
export const encounterSchema = z.strictObject({
  agencyId: z.uuid().optional(),
  occurredAt: instant,
  jurisdiction: text(120),
  location: text(300),
  basis: z.string().max(80).nullish(),
  basisNarrative: z.string().max(5000).nullish(),
  person: personSchema,
});
export type EncounterInput = z.infer<typeof encounterSchema>;

/** How far back an encounter may be recorded: the record is made at or right after the stop. */
export const MAX_RECORDING_DELAY_MS = 72 * 3_600_000;

export interface RecordedEncounter {
  caseId: string;
  caseNumber: string;
  subjectId: string;
  status: 'encountered';
  /** How the person was linked to a subject: an identifier, or a new subject. */
  linkedBy: string;
}

export async function recordEncounter(
  deps: Deps,
  actor: Actor,
  input: unknown,
): Promise<Result<RecordedEncounter>> {
  const parsed = encounterSchema.safeParse(input);
  // Who may record encounters at all, before anything about the input is said.
  const requested = parsed.success ? parsed.data.agencyId : undefined;
  const agencyId = actor.kind === 'user' && actor.agencyId ? actor.agencyId : (requested ?? null);
  const tenancy = await guard(
    deps,
    actor,
    'case.read',
    agencyId ? { type: 'agency', id: agencyId, agencyId } : null,
  );
  if (tenancy) return tenancy;
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const e = parsed.data;
  if (!agencyId) return fail('invalid_input', 'agencyId: is required when the officer has no agency');
  if (actor.kind === 'user' && actor.agencyId && e.agencyId && e.agencyId !== actor.agencyId)
    return fail('forbidden', 'Encounters are recorded only for your own agency.', {
      ruleId: 'tenancy.own_agency',
    });
  const basisRefusal = checkStopBasis(e.basis, e.basisNarrative);
  if (basisRefusal)
    return fail('invalid_input', basisRefusal.message, {
      ruleId: basisRefusal.ruleId,
      citation: basisRefusal.citation,
    });
  const at = deps.clock.now();
  const occurred = Date.parse(e.occurredAt);
  if (occurred > at.getTime() + 5 * 60_000) return fail('invalid_input', 'occurredAt: is in the future');
  if (occurred < at.getTime() - MAX_RECORDING_DELAY_MS)
    return fail('invalid_input', 'occurredAt: an encounter is recorded within 72 hours of the stop');

  const caseId = uuidv7();
  const priority = prioritise({ convictions: [], pendingCharges: [] });
  const record: CaseRecord = {
    encounter: {
      at: new Date(occurred).toISOString(),
      by: actor.id,
      jurisdiction: e.jurisdiction,
      location: e.location,
      basis: e.basis as StopBasis,
      basisNarrative: (e.basisNarrative ?? '').trim(),
      person: e.person as unknown as Record<string, unknown>,
    },
  };
  const draft: casework.CaseRow = {
    agencyId,
    caseId,
    caseNumber: '',
    model: 'TFM',
    bookingId: null,
    subjectId: null,
    facilityCode: null,
    jurisdiction: e.jurisdiction,
    status: 'encountered',
    tier: priority.tier,
    priorityExplanation: `Field encounter (${STOP_BASIS_LABEL[e.basis as StopBasis]}). ${priority.explanation}`,
    priorityPolicyVersion: priority.policyVersion,
    assignedTo: actor.kind === 'user' && actor.role === 'lea_officer' ? actor.id : null,
    assignedAt: actor.kind === 'user' && actor.role === 'lea_officer' ? at : null,
    openedAt: at,
    expectedReleaseAt: null,
    citizenshipReviewOpen: false,
    record,
    holdStartedAt: null,
    holdEndsAt: null,
    outcome: null,
    outcomeReason: null,
    closedAt: null,
    updatedAt: at,
    version: 1,
  };
  // The place decides: the engine puts `interview` at this jurisdiction to the agreement's area.
  const ctx = { kase: draft, booking: null, subject: null };
  const scenario = await caseScenario(deps.db, actor, ctx, 'interview', at, caseFacts(record, null, null));
  const { denied } = await guardDelegated(deps, actor, scenario, { type: 'agency', id: agencyId });
  if (denied) return denied;
  // ICE officers act under federal authority, not the agreement, but a TFM case belongs to an
  // agency whose TFM agreement in force covers the place.
  const version = await governingVersion(deps.db, agencyId, null, at, 'TFM', e.jurisdiction);
  if (!version || !inForce(version, at)) {
    const citations = ['8 U.S.C. §1357(g)(1)', 'TFM-DEFAULT:area-of-responsibility'];
    const auditId = await recordAudit(deps.db, actor, at, {
      type: 'authorization.denied',
      resource: { type: 'agency', id: agencyId },
      data: { action: 'interview', ruleIds: ['place.outside-area'], citations },
    });
    return fail(
      'forbidden',
      `${e.jurisdiction} is not in the area of responsibility of a Task Force Model agreement of this agency in force.`,
      { ruleId: 'place.outside-area', citation: citations.join('; ') },
      auditId,
    );
  }

  const candidates = await casework.subjectCandidates(deps.db, {
    lastName: e.person.lastName,
    dob: e.person.dob,
    fbiNumber: e.person.fbiNumber,
    fin: e.person.fin,
    aNumber: e.person.aNumber,
  });
  // The probabilistic subject index, as at booking intake (issue 6).
  const scored = await scoreAgainstIndex(deps, e.person);
  const resolution = resolveAtIntake(e.person, candidates, scored.evidence);
  const subjectId = resolution.kind === 'linked' ? resolution.subjectId : uuidv7();
  const linkedBy = resolution.kind === 'linked' ? resolution.basis : 'new_subject';
  const caseNumber = await deps.db.transaction().execute(async (tx) => {
    if (resolution.kind === 'new') await createSubject(tx, actor, subjectId, e.person, at);
    else
      await casework.fillSubjectIdentifiers(tx, subjectId, {
        fbiNumber: e.person.fbiNumber ?? null,
        fin: e.person.fin ?? null,
        aNumber: e.person.aNumber ?? null,
      });
    const caseNumber = await casework.nextCaseNumber(tx, at, 'TFM');
    await casework.insertCase(tx, { ...draft, caseNumber, subjectId });
    const auditId = await appendAudit(tx, actor, at, {
      type: 'case.encounter_recorded',
      resource: { type: 'case', id: caseId },
      data: {
        agencyId,
        caseNumber,
        model: 'TFM',
        jurisdiction: e.jurisdiction,
        basis: e.basis ?? null,
        subjectId,
        linkedBy,
      },
    });
    await casework.appendCaseEvent(tx, {
      caseId,
      at,
      actorId: actor.id,
      actorRole: actor.kind === 'public' ? null : actor.role,
      kind: 'case.encounter_recorded',
      summary: `Field encounter in ${e.jurisdiction} (${e.location}) at ${record.encounter!.at}; basis: ${STOP_BASIS_LABEL[e.basis as StopBasis]} — ${record.encounter!.basisNarrative}`,
      data: { jurisdiction: e.jurisdiction, basis: e.basis ?? null },
      auditEventId: auditId,
    });
    for (const m of resolution.possible)
      await casework.insertTask(
        tx,
        {
          taskId: uuidv7(),
          agencyId,
          caseId,
          kind: 'subject_match_review',
          recipientRole: 'ice_supervisor',
          title: 'Possible match with a known subject: review',
          data: matchTaskData(m),
          dueAt: null,
        },
        at,
      );
    return caseNumber;
  });
  if (resolution.kind === 'new') subjectAddedAfterCommit(scored.indexId, subjectId, e.person);
  return ok({ caseId, caseNumber, subjectId, status: 'encountered', linkedBy });
}

async function createSubject(tx: Tx, actor: Actor, subjectId: string, p: BookingPerson, at: Date) {
  await casework.insertSubject(
    tx,
    {
      subjectId,
      firstName: p.firstName,
      middleName: p.middleName ?? null,
      lastName: p.lastName,
      dob: p.dob,
      sex: p.sex,
      fbiNumber: p.fbiNumber ?? null,
      fin: p.fin ?? null,
      aNumber: p.aNumber ?? null,
      protected1367: false,
      confirmedCitizenAt: null,
    },
    at,
  );
  await appendAudit(tx, actor, at, {
    type: 'subject.created',
    resource: { type: 'subject', id: subjectId },
    data: { via: 'tfm_encounter' },
  });
}
