/** Called only from use cases: the reads the TFM use cases need beyond `store/casework.ts`: warrantless arrests in a period. */
import type { CaseRecord } from '../domain/jem-case.ts';
import type { Db } from './db.ts';

export interface ArrestRow {
  caseId: string;
  caseNumber: string;
  agencyId: string;
  jurisdiction: string | null;
  at: Date;
  actorId: string;
  record: CaseRecord;
}

/** Warrantless arrests recorded on TFM cases in [from, until), of one agency or all. */
export async function warrantlessArrests(
  db: Db,
  f: { agencyId: string | null; from: Date; until: Date },
): Promise<ArrestRow[]> {
  let q = db
    .selectFrom('case_events as e')
    .innerJoin('cases as c', 'c.case_id', 'e.case_id')
    .select([
      'c.case_id as caseId',
      'c.case_number as caseNumber',
      'c.agency_id as agencyId',
      'c.jurisdiction',
      'e.at',
      'e.actor_id as actorId',
      'c.record',
    ])
    .where('c.model', '=', 'TFM')
    .where('e.kind', '=', 'case.warrantless_arrest_recorded')
    .where('e.at', '>=', f.from)
    .where('e.at', '<', f.until);
  if (f.agencyId) q = q.where('c.agency_id', '=', f.agencyId);
  const rows = await q.orderBy('e.at').orderBy('c.case_id').limit(10_000).execute();
  return rows as unknown as ArrestRow[];
}

/** Display names of users, preferring the officer record linked to the account. */
export async function namesOf(db: Db, userIds: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (userIds.length === 0) return names;
  const users = await db
    .selectFrom('users')
    .select(['user_id as userId', 'display_name as name'])
    .where('user_id', 'in', userIds)
    .execute();
  for (const u of users) names.set(u.userId, u.name);
  const officers = await db
    .selectFrom('officers')
    .select(['user_id as userId', 'display_name as name'])
    .where('user_id', 'in', userIds)
    .execute();
  for (const o of officers) if (o.userId) names.set(o.userId, o.name);
  return names;
}
