/** Officers, their eligibility, training, exams and authorizations. Called only from use cases. */
import type { EligibilityRecord, OfficerStage } from '../domain/officers.ts';
import type { Model } from '../domain/registry.ts';
import type { Db, Tx } from './db.ts';

type Q = Db | Tx;

export interface OfficerRecord {
  agencyId: string;
  officerId: string;
  userId: string | null;
  displayName: string;
  badge: string | null;
  model: Model;
  stage: OfficerStage;
  certifiedOn: string | null;
  lastRefresherOn: string | null;
  suspensionReason: string | null;
}

const officerColumns = [
  'agency_id as agencyId',
  'officer_id as officerId',
  'user_id as userId',
  'display_name as displayName',
  'badge',
  'model',
  'stage',
  'certified_on as certifiedOn',
  'last_refresher_on as lastRefresherOn',
  'suspension_reason as suspensionReason',
] as const;

export async function insertOfficer(
  tx: Tx,
  o: {
    agencyId: string;
    officerId: string;
    userId: string | null;
    displayName: string;
    badge: string | null;
    model: Model;
    by: string;
  },
  at: Date,
) {
  await tx
    .insertInto('officers')
    .values({
      agency_id: o.agencyId,
      officer_id: o.officerId,
      user_id: o.userId,
      display_name: o.displayName,
      badge: o.badge,
      model: o.model,
      stage: 'nominated',
      nominated_at: at,
      nominated_by: o.by,
    })
    .execute();
}

export async function findOfficer(q: Q, officerId: string): Promise<OfficerRecord | null> {
  const r = await q
    .selectFrom('officers')
    .select(officerColumns)
    .where('officer_id', '=', officerId)
    .executeTakeFirst();
  return (r as OfficerRecord | undefined) ?? null;
}

/** Officers with the refresher cadence of the MOA version their latest authorization rests on. */
export async function listOfficers(
  q: Q,
  agencyId: string | null,
): Promise<Array<OfficerRecord & { cadenceDays: number | null }>> {
  let query = q.selectFrom('officers as o').select([
    'o.agency_id as agencyId',
    'o.officer_id as officerId',
    'o.user_id as userId',
    'o.display_name as displayName',
    'o.badge',
    'o.model',
    'o.stage',
    'o.certified_on as certifiedOn',
    'o.last_refresher_on as lastRefresherOn',
    'o.suspension_reason as suspensionReason',
    (eb) =>
      eb
        .selectFrom('authorizations as a')
        .innerJoin('moa_versions as v', (j) =>
          j.onRef('v.moa_id', '=', 'a.moa_id').onRef('v.version', '=', 'a.moa_version'),
        )
        .select('v.refresher_cadence_days')
        .whereRef('a.officer_id', '=', 'o.officer_id')
        .orderBy('a.created_at', 'desc')
        .limit(1)
        .as('cadenceDays'),
  ]);
  if (agencyId) query = query.where('o.agency_id', '=', agencyId);
  return (await query.orderBy('o.display_name').execute()) as Array<
    OfficerRecord & { cadenceDays: number | null }
  >;
}

export const listClasses = (q: Q, model: Model | null) => {
  let query = q
    .selectFrom('training_classes')
    .select([
      'class_id as classId',
      'model',
      'course',
      'hours',
      'starts_on as startsOn',
      'ends_on as endsOn',
    ]);
  if (model) query = query.where('model', '=', model);
  return query.orderBy('starts_on', 'desc').limit(200).execute();
};

export async function updateOfficer(
  tx: Tx,
  officerId: string,
  set: Partial<{
    stage: OfficerStage;
    certified_on: string;
    last_refresher_on: string;
    suspension_reason: string | null;
  }>,
) {
  await tx.updateTable('officers').set(set).where('officer_id', '=', officerId).execute();
}

export async function returnToCertified(tx: Tx, officerIds: string[]) {
  if (officerIds.length === 0) return;
  await tx
    .updateTable('officers')
    .set({ stage: 'certified' })
    .where('officer_id', 'in', officerIds)
    .where('stage', '=', 'authorized')
    .execute();
}

export async function recordEligibility(
  tx: Tx,
  o: OfficerRecord,
  e: EligibilityRecord,
  by: string,
  at: Date,
) {
  await tx
    .insertInto('officer_eligibility')
    .values({
      agency_id: o.agencyId,
      officer_id: o.officerId,
      item: e.item,
      satisfied: e.satisfied,
      evidence: e.evidence,
      dated: e.dated,
      recorded_at: at,
      recorded_by: by,
    })
    .onConflict((oc) =>
      oc.columns(['agency_id', 'officer_id', 'item']).doUpdateSet({
        satisfied: e.satisfied,
        evidence: e.evidence,
        dated: e.dated,
        recorded_at: at,
        recorded_by: by,
      }),
    )
    .execute();
}

export async function eligibilityOf(q: Q, officerId: string): Promise<EligibilityRecord[]> {
  return (await q
    .selectFrom('officer_eligibility')
    .select(['item', 'satisfied', 'evidence', 'dated'])
    .where('officer_id', '=', officerId)
    .orderBy('item')
    .execute()) as EligibilityRecord[];
}

export async function insertClass(
  tx: Tx,
  c: { classId: string; model: Model; course: string; hours: number; startsOn: string; endsOn: string },
  at: Date,
) {
  await tx
    .insertInto('training_classes')
    .values({
      class_id: c.classId,
      model: c.model,
      course: c.course,
      hours: c.hours,
      starts_on: c.startsOn,
      ends_on: c.endsOn,
      created_at: at,
    })
    .execute();
}

export const findClass = (q: Q, classId: string) =>
  q.selectFrom('training_classes').selectAll().where('class_id', '=', classId).executeTakeFirst();

export async function enroll(tx: Tx, o: OfficerRecord, classId: string, at: Date) {
  await tx
    .insertInto('officer_training')
    .values({ agency_id: o.agencyId, officer_id: o.officerId, class_id: classId, enrolled_at: at })
    .execute();
}

export async function examsOf(q: Q, officerId: string) {
  const rows = await q
    .selectFrom('officer_exams')
    .select(['attempt', 'exam', 'score', 'passed', 'taken_on as takenOn'])
    .where('officer_id', '=', officerId)
    .orderBy('attempt')
    .execute();
  return rows.map((r) => ({ ...r, score: Number(r.score) }));
}

export async function insertExam(
  tx: Tx,
  o: OfficerRecord,
  e: { attempt: number; exam: string; score: number; passed: boolean; takenOn: string },
) {
  await tx
    .insertInto('officer_exams')
    .values({
      agency_id: o.agencyId,
      officer_id: o.officerId,
      attempt: e.attempt,
      exam: e.exam,
      score: e.score,
      passed: e.passed,
      taken_on: e.takenOn,
    })
    .execute();
}

export interface AuthorizationRecord {
  authorizationId: string;
  officerId: string;
  moaId: string;
  moaVersion: number;
  model: Model;
  powers: string[] | null;
  startsOn: string;
  endsOn: string;
  supervisingPosition: string;
  endedAt: Date | null;
  endReason: string | null;
}

const authorizationColumns = [
  'authorization_id as authorizationId',
  'officer_id as officerId',
  'moa_id as moaId',
  'moa_version as moaVersion',
  'model',
  'powers',
  'starts_on as startsOn',
  'ends_on as endsOn',
  'supervising_position as supervisingPosition',
  'ended_at as endedAt',
  'end_reason as endReason',
] as const;

export async function insertAuthorization(tx: Tx, o: OfficerRecord, a: AuthorizationRecord, at: Date) {
  await tx
    .insertInto('authorizations')
    .values({
      agency_id: o.agencyId,
      authorization_id: a.authorizationId,
      officer_id: o.officerId,
      moa_id: a.moaId,
      moa_version: a.moaVersion,
      model: a.model,
      powers: a.powers,
      starts_on: a.startsOn,
      ends_on: a.endsOn,
      supervising_position: a.supervisingPosition,
      created_at: at,
    })
    .execute();
}

/** The officer's latest authorization, ended or not. */
export async function latestAuthorization(q: Q, officerId: string): Promise<AuthorizationRecord | null> {
  const r = await q
    .selectFrom('authorizations')
    .select(authorizationColumns)
    .where('officer_id', '=', officerId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? { ...(r as AuthorizationRecord), endedAt: r.endedAt ? new Date(r.endedAt) : null } : null;
}

export async function endAuthorization(tx: Tx, authorizationId: string, reason: string, at: Date) {
  await tx
    .updateTable('authorizations')
    .set({ ended_at: at, end_reason: reason })
    .where('authorization_id', '=', authorizationId)
    .where('ended_at', 'is', null)
    .execute();
}

/** Ends every open authorization under an MOA version; returns the officers affected. */
export async function endAuthorizationsUnder(
  tx: Tx,
  moaId: string,
  version: number,
  reason: string,
  at: Date,
) {
  const rows = await tx
    .updateTable('authorizations')
    .set({ ended_at: at, end_reason: reason })
    .where('moa_id', '=', moaId)
    .where('moa_version', '=', version)
    .where('ended_at', 'is', null)
    .returning(['officer_id as officerId'])
    .execute();
  return rows.map((r) => r.officerId);
}

export async function notify(
  tx: Tx,
  n: {
    notificationId: string;
    agencyId: string | null;
    recipientRole: string;
    subject: string;
    body: string;
  },
  at: Date,
) {
  await tx
    .insertInto('notifications')
    .values({
      notification_id: n.notificationId,
      agency_id: n.agencyId,
      recipient_role: n.recipientRole,
      subject: n.subject,
      body: n.body,
      created_at: at,
    })
    .execute();
}

export const notificationsFor = (q: Q, role: string, agencyId: string | null) => {
  let query = q
    .selectFrom('notifications')
    .select([
      'notification_id as notificationId',
      'subject',
      'body',
      'created_at as createdAt',
      'agency_id as agencyId',
    ])
    .where('recipient_role', '=', role);
  if (agencyId) query = query.where('agency_id', '=', agencyId);
  return query.orderBy('created_at', 'desc').limit(100).execute();
};
