/** TFM reimbursement claims and ICE-identified lead outcomes (migration 0010). Called only from use cases. */
import { sql } from 'kysely';
import type { ClaimKind, LeadOutcome, StatementOfficer, StoredClaim } from '../domain/reimbursement.ts';
import type { Db, Tx } from './db.ts';

type Q = Db | Tx;

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();
const num = (v: string | number) => Number(v);

export async function insertClaim(
  tx: Tx,
  c: {
    claimId: string;
    agencyId: string;
    officerId: string | null;
    quarter: string;
    kind: ClaimKind;
    amountCents: number;
    annualSalaryCents: number | null;
    description: string;
    status: 'accepted' | 'refused';
    refusalReason: string | null;
    termsVersion: string;
    by: string;
  },
  at: Date,
) {
  await tx
    .insertInto('reimbursement_claims')
    .values({
      claim_id: c.claimId,
      agency_id: c.agencyId,
      officer_id: c.officerId,
      quarter: c.quarter,
      kind: c.kind,
      amount_cents: c.amountCents,
      annual_salary_cents: c.annualSalaryCents,
      description: c.description,
      status: c.status,
      refusal_reason: c.refusalReason,
      terms_version: c.termsVersion,
      created_at: at,
      created_by: c.by,
    })
    .execute();
}

/** Every claim of the agencies under one version of the terms, oldest first. */
export async function claimsOf(
  q: Q,
  agencyIds: readonly string[],
  termsVersion: string,
): Promise<Array<StoredClaim & { agencyId: string }>> {
  if (agencyIds.length === 0) return [];
  const rows = await q
    .selectFrom('reimbursement_claims')
    .selectAll()
    .where('agency_id', 'in', agencyIds)
    .where('terms_version', '=', termsVersion)
    .orderBy('created_at')
    .orderBy('claim_id')
    .execute();
  return rows.map((r) => ({
    agencyId: r.agency_id,
    claimId: r.claim_id,
    kind: r.kind as ClaimKind,
    quarter: r.quarter,
    officerId: r.officer_id,
    amountCents: num(r.amount_cents),
    status: r.status as 'accepted' | 'refused',
    annualSalaryCents: r.annual_salary_cents === null ? null : num(r.annual_salary_cents),
    description: r.description,
    refusalReason: r.refusal_reason,
    termsVersion: r.terms_version,
    createdAt: iso(r.created_at),
  }));
}

/**
 * Serialises claim decisions for one agency until the transaction ends, so two claims that
 * each fit a cap cannot both be accepted when together they exceed it.
 */
export async function lockAgencyClaims(tx: Tx, agencyId: string) {
  await sql`SELECT agency_id FROM agencies WHERE agency_id = ${agencyId} FOR UPDATE`.execute(tx);
}

export async function insertLead(
  tx: Tx,
  l: {
    leadId: string;
    agencyId: string;
    officerId: string;
    quarter: string;
    assignedOn: string;
    outcome: LeadOutcome;
    by: string;
  },
  at: Date,
): Promise<boolean> {
  const inserted = await tx
    .insertInto('lead_outcomes')
    .values({
      lead_id: l.leadId,
      agency_id: l.agencyId,
      officer_id: l.officerId,
      quarter: l.quarter,
      assigned_on: l.assignedOn,
      outcome: l.outcome,
      recorded_at: at,
      recorded_by: l.by,
    })
    .onConflict((oc) => oc.column('lead_id').doNothing())
    .returning('lead_id')
    .execute();
  return inserted.length === 1;
}

/** The quarter's lead outcomes of the agencies. */
export async function leadsOf(q: Q, agencyIds: readonly string[], quarter: string) {
  if (agencyIds.length === 0) return [];
  const rows = await q
    .selectFrom('lead_outcomes')
    .select(['lead_id', 'agency_id', 'officer_id', 'outcome'])
    .where('agency_id', 'in', agencyIds)
    .where('quarter', '=', quarter)
    .orderBy('lead_id')
    .execute();
  return rows.map((r) => ({
    agencyId: r.agency_id,
    leadId: r.lead_id,
    officerId: r.officer_id,
    outcome: r.outcome as LeadOutcome,
  }));
}

/** The agencies' Task Force Model officers, whatever their stage. */
export async function tfmOfficersOf(
  q: Q,
  agencyIds: readonly string[],
): Promise<Array<StatementOfficer & { agencyId: string }>> {
  if (agencyIds.length === 0) return [];
  return q
    .selectFrom('officers')
    .select([
      'agency_id as agencyId',
      'officer_id as officerId',
      'display_name as displayName',
      'model',
      'stage',
    ])
    .where('agency_id', 'in', agencyIds)
    .where('model', '=', 'TFM')
    .orderBy('display_name')
    .execute();
}

/**
 * Agencies with reimbursement business in a quarter (a TFM officer, a claim or a lead), by
 * name; `agencyId` narrows to one.
 */
export async function agenciesWithTfm(q: Q, quarter: string, agencyId: string | null) {
  let query = q
    .selectFrom('agencies as a')
    .select(['a.agency_id as agencyId', 'a.name as name', 'a.state as state'])
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('officers as o')
            .select('o.officer_id')
            .whereRef('o.agency_id', '=', 'a.agency_id')
            .where('o.model', '=', 'TFM'),
        ),
        eb.exists(
          eb
            .selectFrom('reimbursement_claims as c')
            .select('c.claim_id')
            .whereRef('c.agency_id', '=', 'a.agency_id')
            .where('c.quarter', '=', quarter),
        ),
        eb.exists(
          eb
            .selectFrom('lead_outcomes as l')
            .select('l.lead_id')
            .whereRef('l.agency_id', '=', 'a.agency_id')
            .where('l.quarter', '=', quarter),
        ),
      ]),
    );
  if (agencyId) query = query.where('a.agency_id', '=', agencyId);
  return query.orderBy('a.name').orderBy('a.agency_id').limit(2000).execute();
}
