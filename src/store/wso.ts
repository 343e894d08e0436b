/**
 * The reads WSO casework adds. Called only from use cases: the facilities where a WSO agreement
 * in force lets ICE lodge warrants, and the WSO cases of every agency for the program view.
 */

import type { CaseRecord } from '../domain/jem-case.ts';
import { inForce, type MoaVersion } from '../domain/moa.ts';
import type { Db, Tx } from './db.ts';
import * as moas from './moas.ts';

type Q = Db | Tx;

export interface WsoFacility {
  agencyId: string;
  agencyName: string;
  state: string;
  code: string;
  name: string;
  /** The facility has an IGSA with ICE under the version in force: no 48-hour custody limit. */
  igsa: boolean;
  moaId: string;
  moaVersion: number;
}

/** Facilities listed by a WSO agreement version in force at `at` (one agency, or all). */
export async function wsoFacilities(q: Q, at: Date, agencyId: string | null = null): Promise<WsoFacility[]> {
  const out: WsoFacility[] = [];
  for (const m of await moas.listMoas(q, agencyId)) {
    const current = (await moas.versionsOf(q, m.moaId)).find(
      (v: MoaVersion) => v.models.includes('WSO') && inForce(v, at),
    );
    if (!current) continue;
    const names = new Map((await moas.facilitiesOf(q, m.agencyId)).map((f) => [f.code, f.name]));
    for (const code of current.facilityCodes)
      out.push({
        agencyId: m.agencyId,
        agencyName: m.agencyName,
        state: m.state,
        code,
        name: names.get(code) ?? code,
        igsa: current.igsaFacilityCodes.includes(code),
        moaId: m.moaId,
        moaVersion: current.version,
      });
  }
  return out;
}

export interface WsoCaseRow {
  agencyId: string;
  agencyName: string;
  caseId: string;
  status: string;
  outcome: string | null;
  record: CaseRecord;
  holdStartedAt: Date | null;
  holdEndsAt: Date | null;
  closedAt: Date | null;
}

/** Every WSO case, with its agency's name. */
export async function wsoCases(q: Q): Promise<WsoCaseRow[]> {
  const rows = await q
    .selectFrom('cases as c')
    .innerJoin('agencies as a', 'a.agency_id', 'c.agency_id')
    .select([
      'c.agency_id as agencyId',
      'a.name as agencyName',
      'c.case_id as caseId',
      'c.status',
      'c.outcome',
      'c.record',
      'c.hold_started_at as holdStartedAt',
      'c.hold_ends_at as holdEndsAt',
      'c.closed_at as closedAt',
    ])
    .where('c.model', '=', 'WSO')
    .orderBy('a.name')
    .orderBy('c.case_id')
    .execute();
  return rows as unknown as WsoCaseRow[];
}
