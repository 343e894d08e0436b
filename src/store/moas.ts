/** MOAs, their versions and facilities. Called only from use cases. */
import type { Selectable } from 'kysely';
import type { Clause, HoldRule, MoaStatus, MoaVersion } from '../domain/moa.ts';
import type { Model } from '../domain/registry.ts';
import type { Db, Tx } from './db.ts';
import type { MoaVersionsTable } from './schema.ts';

type Q = Db | Tx;
type Row = Selectable<MoaVersionsTable>;

export function toVersion(r: Row): MoaVersion {
  return {
    agencyId: r.agency_id,
    moaId: r.moa_id,
    version: r.version,
    models: r.models as Model[],
    status: r.status as MoaStatus,
    signedOn: r.signed_on,
    effective: r.effective,
    endDate: r.end_date,
    endedAt: r.ended_at ? new Date(r.ended_at) : null,
    refresherCadenceDays: r.refresher_cadence_days,
    holdRule: r.hold_rule as HoldRule,
    civilHoldsForbidden: r.civil_holds_forbidden,
    facilityCodes: r.facility_codes,
    areaJurisdictions: r.area_jurisdictions,
    igsaFacilityCodes: r.igsa_facility_codes,
    narrowedActions: r.narrowed_actions,
    clauses: r.clauses as Clause[],
  };
}

export async function insertFacility(
  tx: Tx,
  f: { agencyId: string; facilityId: string; code: string; name: string; jurisdiction: string | null },
  at: Date,
) {
  await tx
    .insertInto('facilities')
    .values({
      agency_id: f.agencyId,
      facility_id: f.facilityId,
      code: f.code,
      name: f.name,
      jurisdiction: f.jurisdiction,
      created_at: at,
    })
    .execute();
}

export const facilitiesOf = (q: Q, agencyId: string) =>
  q
    .selectFrom('facilities')
    .select(['facility_id as facilityId', 'code', 'name', 'jurisdiction'])
    .where('agency_id', '=', agencyId)
    .orderBy('code')
    .execute();

export async function insertMoa(
  tx: Tx,
  m: { agencyId: string; moaId: string; title: string; by: string },
  at: Date,
) {
  await tx
    .insertInto('moas')
    .values({ agency_id: m.agencyId, moa_id: m.moaId, title: m.title, created_at: at, created_by: m.by })
    .execute();
}

export const findMoa = (q: Q, moaId: string) =>
  q.selectFrom('moas').selectAll().where('moa_id', '=', moaId).executeTakeFirst();

export async function insertVersion(tx: Tx, v: MoaVersion, by: string, at: Date) {
  await tx
    .insertInto('moa_versions')
    .values({
      agency_id: v.agencyId,
      moa_id: v.moaId,
      version: v.version,
      models: v.models,
      status: v.status,
      signed_on: v.signedOn,
      effective: v.effective,
      end_date: v.endDate,
      ended_at: v.endedAt,
      refresher_cadence_days: v.refresherCadenceDays,
      hold_rule: v.holdRule,
      civil_holds_forbidden: v.civilHoldsForbidden,
      facility_codes: v.facilityCodes,
      area_jurisdictions: v.areaJurisdictions,
      igsa_facility_codes: v.igsaFacilityCodes,
      narrowed_actions: v.narrowedActions,
      clauses: JSON.stringify(v.clauses),
      created_at: at,
      created_by: by,
    })
    .execute();
}

export async function versionsOf(q: Q, moaId: string): Promise<MoaVersion[]> {
  const rows = await q
    .selectFrom('moa_versions')
    .selectAll()
    .where('moa_id', '=', moaId)
    .orderBy('version')
    .execute();
  return rows.map((r) => toVersion(r as Row));
}

export async function findVersion(q: Q, moaId: string, version: number): Promise<MoaVersion | null> {
  const r = await q
    .selectFrom('moa_versions')
    .selectAll()
    .where('moa_id', '=', moaId)
    .where('version', '=', version)
    .executeTakeFirst();
  return r ? toVersion(r as Row) : null;
}

/** Ends a version (terminated or superseded) at an instant. */
export async function endVersion(tx: Tx, v: MoaVersion, status: 'terminated' | 'superseded', at: Date) {
  await tx
    .updateTable('moa_versions')
    .set({ status, ended_at: at })
    .where('moa_id', '=', v.moaId)
    .where('version', '=', v.version)
    .execute();
}

export async function listMoas(q: Q, agencyId: string | null) {
  let query = q
    .selectFrom('moas as m')
    .innerJoin('agencies as a', 'a.agency_id', 'm.agency_id')
    .select(['m.moa_id as moaId', 'm.agency_id as agencyId', 'a.name as agencyName', 'a.state', 'm.title']);
  if (agencyId) query = query.where('m.agency_id', '=', agencyId);
  return query.orderBy('a.state').orderBy('a.name').execute();
}

export async function facilityOf(q: Q, agencyId: string, code: string) {
  const r = await q
    .selectFrom('facilities')
    .select(['facility_id as facilityId', 'code', 'name', 'jurisdiction'])
    .where('agency_id', '=', agencyId)
    .where('code', '=', code)
    .executeTakeFirst();
  return r ?? null;
}
