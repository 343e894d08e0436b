/**
 * The quarter's TFM reimbursement statement of an agency: per officer the accepted claims by
 * kind, the overtime and equipment caps as used through the quarter, the ICE-identified leads,
 * the located rate, the tier and the award; the agency's vehicles, totals, and the inputs (the
 * terms version, every lead id and claim id) from which anyone can recompute the figures.
 * Also the overview: one line per agency with TFM business in the quarter (agency roles see
 * their own agency only). Reads change nothing and are not audited.
 */
import type { Actor } from '../../domain/actor.ts';
import { isoDate } from '../../domain/clock.ts';
import { UUID } from '../../domain/ids.ts';
import {
  buildStatement,
  isQuarter,
  quarterOfDate,
  REIMBURSEMENT_TERMS,
  type ReimbursementStatement,
  type ReimbursementTerms,
  termsForQuarter,
} from '../../domain/reimbursement.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import * as registry from '../../store/registry.ts';
import * as store from '../../store/reimbursement.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

/** The quarter asked for (default: today's) and the terms it falls under. */
function quarterAndTerms(
  deps: Deps,
  quarter: string | undefined,
): Result<{ quarter: string; terms: ReimbursementTerms }> {
  const q = quarter ?? quarterOfDate(isoDate(deps.clock.now()));
  if (!isQuarter(q))
    return fail('invalid_input', 'quarter must be written YYYY-Qn, e.g. 2026-Q1.', {
      where: { field: 'quarter' },
    });
  const terms = termsForQuarter(q);
  if (!terms)
    return fail(
      'invalid_input',
      `No reimbursement terms were in force in ${q}; the first terms apply from ${REIMBURSEMENT_TERMS[0]!.effective}.`,
      { where: { field: 'quarter' } },
    );
  return { ok: true, value: { quarter: q, terms } };
}

async function statementsOf(
  deps: Deps,
  agencyIds: string[],
  quarter: string,
  terms: ReimbursementTerms,
): Promise<Map<string, ReimbursementStatement>> {
  const [officers, claims, leads] = await Promise.all([
    store.tfmOfficersOf(deps.db, agencyIds),
    store.claimsOf(deps.db, agencyIds, terms.version),
    store.leadsOf(deps.db, agencyIds, quarter),
  ]);
  return new Map(
    agencyIds.map((agencyId) => [
      agencyId,
      buildStatement(terms, {
        agencyId,
        quarter,
        officers: officers.filter((o) => o.agencyId === agencyId),
        claims: claims.filter((c) => c.agencyId === agencyId),
        leads: leads.filter((l) => l.agencyId === agencyId),
      }),
    ]),
  );
}

export async function getReimbursementStatement(
  deps: Deps,
  actor: Actor,
  input: { agencyId: string; quarter?: string | undefined },
): Promise<Result<ReimbursementStatement & { agencyName: string; terms: ReimbursementTerms }>> {
  const denied = await guard(deps, actor, 'reimbursement.read', {
    type: 'agency',
    id: input.agencyId,
    agencyId: input.agencyId,
  });
  if (denied) return denied;
  const agency = UUID.test(input.agencyId) ? await registry.findAgency(deps.db, input.agencyId) : undefined;
  if (!agency) return fail('not_found', 'No agency has that id.');
  const qt = quarterAndTerms(deps, input.quarter);
  if (!qt.ok) return qt;
  const statement = (await statementsOf(deps, [agency.agencyId], qt.value.quarter, qt.value.terms)).get(
    agency.agencyId,
  )!;
  return ok({ ...statement, agencyName: agency.name, terms: qt.value.terms });
}

export interface StatementSummary {
  agencyId: string;
  agencyName: string;
  state: string;
  quarter: string;
  trainedOfficers: number;
  acceptedClaimsCents: number;
  refusedClaims: number;
  leads: number;
  locatedBasisPoints: number | null;
  tier: string | null;
  awardCents: number;
  totalCents: number;
}

export async function listReimbursementStatements(
  deps: Deps,
  actor: Actor,
  input: { quarter?: string | undefined; agencyId?: string | undefined },
): Promise<Result<{ quarter: string; termsVersion: string; items: StatementSummary[] }>> {
  const own = actor.kind === 'user' && (actor.role === 'lea_admin' || actor.role === 'lea_officer');
  const agencyId = input.agencyId ?? (own ? actor.agencyId : null) ?? null;
  const denied = await guard(deps, actor, 'reimbursement.read', {
    type: 'agency',
    id: agencyId ?? 'all',
    agencyId,
  });
  if (denied) return denied;
  const qt = quarterAndTerms(deps, input.quarter);
  if (!qt.ok) return qt;
  const { quarter, terms } = qt.value;
  if (agencyId && !UUID.test(agencyId)) return ok({ quarter, termsVersion: terms.version, items: [] });
  const agencies = await store.agenciesWithTfm(deps.db, quarter, agencyId);
  const statements = await statementsOf(
    deps,
    agencies.map((a) => a.agencyId),
    quarter,
    terms,
  );
  const items = agencies.map((a): StatementSummary => {
    const s = statements.get(a.agencyId)!;
    return {
      agencyId: a.agencyId,
      agencyName: a.name,
      state: a.state,
      quarter,
      trainedOfficers: s.officers.filter((o) => o.trained).length,
      acceptedClaimsCents: s.totals.acceptedClaimsCents,
      refusedClaims: s.totals.refusedClaims,
      leads: s.award.leads,
      locatedBasisPoints: s.award.locatedBasisPoints,
      tier: s.award.tier,
      awardCents: s.totals.awardCents,
      totalCents: s.totals.totalCents,
    };
  });
  return ok({ quarter, termsVersion: terms.version, items });
}
