/**
 * "What may this officer do, here, now, and why": every delegated action put to the authority
 * engine as of now, for the officer's authorization and MOA version, at a facility or
 * jurisdiction, for a booked adult subject with no open hard stop. Decisions name their rules
 * and citations; nothing is changed.
 */
import { authorizeDelegated } from '../../authority/authorize.ts';
import type { AuthorityScenario } from '../../authority/scenario.ts';
import {
  type AuthorityDecision,
  DELEGATED_ACTIONS,
  type DelegatedAction,
} from '../../authority/vocabulary.ts';
import type { Actor } from '../../domain/actor.ts';
import { isoDate } from '../../domain/clock.ts';
import { type MoaVersion, statusAt } from '../../domain/moa.ts';
import { effectiveStage } from '../../domain/officers.ts';
import { fail, ok } from '../../domain/result.ts';
import * as moas from '../../store/moas.ts';
import * as officers from '../../store/officers.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export interface AuthorityExplanation {
  at: string;
  officer: { officerId: string; displayName: string; model: string; stage: string };
  place: { facility: string | null; jurisdiction: string | null };
  decisions: Array<AuthorityDecision & { action: DelegatedAction }>;
}

/** A stand-in subject for the question "may this officer act at all": adult, booked, no stop. */
const ordinarySubject = (at: Date) => ({
  dob: `${at.getUTCFullYear() - 30}-01-01`,
  citizenshipReviewOpen: false,
  protected1367: false,
  booked: true,
});

/** The agreement part of a scenario: the MOA version as of `at` (none: a draft, never in force). */
export function scenarioAgreement(
  model: AuthorityScenario['agreement']['model'],
  version: MoaVersion | null,
  at: Date,
): AuthorityScenario['agreement'] {
  return {
    model,
    status: version ? statusAt(version, at) : 'draft',
    effective: version?.effective ?? isoDate(at),
    end: version?.endedAt ? version.endedAt.toISOString() : (version?.endDate ?? null),
    refresherCadenceDays: version?.refresherCadenceDays ?? 1,
    facilities: version?.facilityCodes ?? [],
    areaJurisdictions: version?.areaJurisdictions ?? [],
    civilHoldsForbidden: version?.civilHoldsForbidden ?? false,
    igsaFacilities: version?.igsaFacilityCodes ?? [],
    narrowedActions: (version?.narrowedActions ?? []).filter((a): a is DelegatedAction =>
      (DELEGATED_ACTIONS as readonly string[]).includes(a),
    ),
  };
}

/** The scenario the engine decides, built from the records as they stand at `at`. */
export function officerScenario(
  officer: officers.OfficerRecord,
  authorization: officers.AuthorizationRecord | null,
  version: MoaVersion | null,
  action: DelegatedAction,
  place: { facility: string | null; jurisdiction: string | null },
  at: Date,
): AuthorityScenario {
  const open = authorization && (!authorization.endedAt || authorization.endedAt > at) ? authorization : null;
  return {
    at: at.toISOString(),
    agreement: scenarioAgreement(officer.model, version, at),
    actor: {
      role: 'lea_officer',
      model: officer.model,
      certifiedOn: officer.certifiedOn,
      lastRefresherOn: officer.lastRefresherOn,
      authorization: open
        ? {
            start: open.startsOn,
            end: open.endsOn,
            suspended: officer.stage === 'suspended' || officer.stage === 'revoked',
            powers: open.powers
              ? open.powers.filter((p): p is DelegatedAction =>
                  (DELEGATED_ACTIONS as readonly string[]).includes(p),
                )
              : null,
          }
        : null,
      warrantIssuer: false,
    },
    action,
    place,
    subject: ordinarySubject(at),
  };
}

export async function explainOfficerAuthority(
  deps: Deps,
  actor: Actor,
  input: { officerId: string; facility?: string | undefined; jurisdiction?: string | undefined },
) {
  const officer = await officers.findOfficer(deps.db, input.officerId);
  if (!officer) return fail('not_found', 'No officer has that id.');
  const denied = await guard(deps, actor, 'officer.read', {
    type: 'officer',
    id: officer.officerId,
    agencyId: officer.agencyId,
  });
  if (denied) return denied;
  const authorization = await officers.latestAuthorization(deps.db, officer.officerId);
  const version = authorization
    ? await moas.findVersion(deps.db, authorization.moaId, authorization.moaVersion)
    : null;
  const at = deps.clock.now();
  const place = { facility: input.facility ?? null, jurisdiction: input.jurisdiction ?? null };
  const officerActor: Actor = {
    kind: 'user',
    id: officer.userId ?? officer.officerId,
    role: 'lea_officer',
    agencyId: officer.agencyId,
  };
  const decisions = DELEGATED_ACTIONS.map((action) => ({
    action,
    ...authorizeDelegated(officerActor, officerScenario(officer, authorization, version, action, place, at)),
  }));
  const result: AuthorityExplanation = {
    at: at.toISOString(),
    officer: {
      officerId: officer.officerId,
      displayName: officer.displayName,
      model: officer.model,
      // A lapsed refresher shows as the suspension it is.
      stage: effectiveStage(officer, version?.refresherCadenceDays ?? null, at).stage,
    },
    place,
    decisions,
  };
  return ok(result);
}
