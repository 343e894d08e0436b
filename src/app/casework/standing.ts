/**
 * The authority scenario of a delegated action on a JEM case, built from the records as they
 * stand: the actor's standing (an officer's authorization and MOA version, or an ICE user's
 * role and warrant-issuer flag), the agreement governing the case's facility, the subject and
 * the facts of the case (detainer basis, warrant, approval, service, release, hold end).
 */
import type { AuthorityScenario, ScenarioCase } from '../../authority/scenario.ts';
import type { DelegatedAction } from '../../authority/vocabulary.ts';
import type { Actor } from '../../domain/actor.ts';
import type { CaseRecord } from '../../domain/jem-case.ts';
import { inForce, type MoaVersion } from '../../domain/moa.ts';
import type { BookingRow, CaseModel, CaseRow, SubjectRow } from '../../store/casework.ts';
import * as casework from '../../store/casework.ts';
import type { Db, Tx } from '../../store/db.ts';
import * as moas from '../../store/moas.ts';
import * as officers from '../../store/officers.ts';
import { officerScenario, scenarioAgreement } from '../officers/explain-officer-authority.ts';

type Q = Db | Tx;

/**
 * The agency's MOA version that governs a place for a model at `at`: in force and listing the
 * facility (JEM, WSO) or the jurisdiction in its area (TFM), else the latest that lists it.
 */
export async function governingVersion(
  q: Q,
  agencyId: string,
  facilityCode: string | null,
  at: Date,
  model: CaseModel = 'JEM',
  jurisdiction: string | null = null,
) {
  const list = await moas.listMoas(q, agencyId);
  const versions: MoaVersion[] = [];
  for (const m of list) versions.push(...(await moas.versionsOf(q, m.moaId)));
  const listing = versions.filter(
    (v) =>
      v.models.includes(model) &&
      (model === 'TFM'
        ? jurisdiction !== null && v.areaJurisdictions.includes(jurisdiction)
        : facilityCode !== null && v.facilityCodes.includes(facilityCode)),
  );
  return (
    listing.find((v) => inForce(v, at)) ??
    listing.sort((a, b) => b.effective.localeCompare(a.effective) || b.version - a.version)[0] ??
    null
  );
}

/** The case facts the engine reads (scenario `case`). */
export function caseFacts(
  record: CaseRecord,
  booking: Pick<BookingRow, 'releasedAt'> | null,
  holdEndsAt: Date | null,
  serving = false,
): ScenarioCase {
  return {
    detainerBasis: record.detainer?.basis ?? null,
    warrantSigned: Boolean(record.warrant?.signedAt),
    detainerApproved: Boolean(record.detainer?.approvedAt),
    detainerServed: Boolean(record.detainer?.served),
    serving,
    releasedAt: booking?.releasedAt ? booking.releasedAt.toISOString() : null,
    holdEndsAt: holdEndsAt ? holdEndsAt.toISOString() : null,
  };
}

export interface CaseContext {
  kase: CaseRow;
  /** The booking (JEM, WSO); null for a TFM field encounter. */
  booking: BookingRow | null;
  subject: SubjectRow | null;
}

/** The person as first recorded: the booking, or the TFM encounter. */
export function casePerson(ctx: CaseContext): CasePerson {
  return (ctx.booking?.person ?? ctx.kase.record.encounter?.person ?? {}) as unknown as CasePerson;
}

export interface CasePerson {
  firstName: string;
  middleName?: string;
  lastName: string;
  dob: string;
  sex: 'M' | 'F' | 'X' | 'U';
  nationality?: string;
  placeOfBirth?: string;
  fingerprintId?: string;
  aNumber?: string;
  fin?: string;
  fbiNumber?: string;
}

/** The scenario for `actor` taking `action` on the case at `at`. */
export async function caseScenario(
  q: Q,
  actor: Actor,
  ctx: CaseContext,
  action: DelegatedAction,
  at: Date,
  facts: ScenarioCase,
): Promise<AuthorityScenario> {
  const place = { facility: ctx.kase.facilityCode, jurisdiction: ctx.kase.jurisdiction };
  const subject = {
    dob: ctx.subject?.dob ?? casePerson(ctx).dob,
    citizenshipReviewOpen: ctx.kase.citizenshipReviewOpen,
    protected1367: ctx.subject?.protected1367 ?? false,
    // Booked into the jail on a criminal charge and still in its custody (JEM, WSO).
    booked: ctx.booking !== null && ctx.booking.charges.length > 0 && ctx.booking.leftCustodyAt === null,
  };
  if (actor.kind === 'user' && actor.role === 'lea_officer') {
    const officerId = await casework.officerByUser(q, actor.id);
    const officer = officerId ? await officers.findOfficer(q, officerId) : null;
    if (officer) {
      const authorization = await officers.latestAuthorization(q, officer.officerId);
      const version = authorization
        ? await moas.findVersion(q, authorization.moaId, authorization.moaVersion)
        : null;
      return {
        ...officerScenario(officer, authorization, version, action, place, at),
        subject,
        case: facts,
      };
    }
  }
  const version = await governingVersion(
    q,
    ctx.kase.agencyId,
    ctx.kase.facilityCode,
    at,
    ctx.kase.model,
    ctx.kase.jurisdiction,
  );
  const role = actor.kind === 'user' ? actor.role : 'program_office';
  const flags = actor.kind === 'user' ? await casework.userFlags(q, actor.id) : null;
  return {
    at: at.toISOString(),
    agreement: scenarioAgreement(ctx.kase.model, version, at),
    actor: {
      role,
      // An lea_officer without an officer record acts under no model's authorization.
      model: role === 'lea_officer' ? ctx.kase.model : null,
      certifiedOn: null,
      lastRefresherOn: null,
      authorization: null,
      warrantIssuer: flags?.warrantIssuer ?? false,
    },
    action,
    place,
    subject,
    case: facts,
  };
}
