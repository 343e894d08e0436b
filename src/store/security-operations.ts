/**
 * Reads and writes of the security operations (R13 account lifecycle, R22 time, R38 integrity,
 * R41 incident signals). Called only from the use cases in `src/app/security/`.
 */
import { sql } from 'kysely';
import type { AccountActivity } from '../domain/account-lifecycle.ts';
import type { Db, Tx } from './db.ts';

type Q = Db | Tx;

/** Every account with its last activity (the latest request of any of its sessions). */
export async function accountActivity(q: Q): Promise<AccountActivity[]> {
  const rows = await q
    .selectFrom('users as u')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('sessions')
          .select(['user_id', (e) => e.fn.max('last_seen_at').as('last_seen')])
          .groupBy('user_id')
          .as('s'),
      (join) => join.onRef('s.user_id', '=', 'u.user_id'),
    )
    .select([
      'u.user_id',
      'u.email',
      'u.role',
      'u.agency_id',
      'u.created_at',
      'u.disabled_at',
      'u.locked_at',
      's.last_seen',
    ])
    .orderBy('u.email')
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    email: r.email,
    role: r.role,
    agencyId: r.agency_id,
    createdAt: new Date(r.created_at),
    disabledAt: r.disabled_at ? new Date(r.disabled_at) : null,
    lockedAt: r.locked_at ? new Date(r.locked_at) : null,
    lastActiveAt: r.last_seen ? new Date(r.last_seen as string | Date) : null,
  }));
}

/** Disables one account and ends its open sessions before its next request (R8). */
export async function disableAccount(tx: Tx, userId: string, at: Date): Promise<boolean> {
  const r = await tx
    .updateTable('users')
    .set({ disabled_at: at })
    .where('user_id', '=', userId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  await endSessions(tx, userId, at);
  return Number(r.numUpdatedRows) === 1;
}

/** Ends every open session of an account; returns how many were open. */
export async function endSessions(tx: Tx, userId: string, at: Date): Promise<number> {
  const r = await tx
    .updateTable('sessions')
    .set({ ended_at: at })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The database server's clock. */
export async function databaseNow(db: Db): Promise<Date> {
  const r = await sql<{ now: Date | string }>`SELECT clock_timestamp() AS now`.execute(db);
  return new Date(r.rows[0]!.now);
}

/** Data-checksum state and checksum failures PostgreSQL has counted (0 when not tracked). */
export async function checksumState(db: Db): Promise<{ enabled: boolean; failures: number }> {
  const setting = await sql<{ data_checksums: string }>`SHOW data_checksums`.execute(db);
  const failures = await sql<{ n: string | number | null }>`
    SELECT coalesce(sum(checksum_failures), 0) AS n FROM pg_stat_database`.execute(db);
  return {
    enabled: setting.rows[0]?.data_checksums === 'on',
    failures: Number(failures.rows[0]?.n ?? 0),
  };
}

/** How many accounts were locked since the given time (R41). */
export async function lockoutsSince(q: Q, since: Date): Promise<number> {
  const r = await q
    .selectFrom('audit_events')
    .select((e) => e.fn.countAll<string>().as('n'))
    .where('type', '=', 'user.locked')
    .where('occurred_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Whether an incident of this signal was already raised since the given time (one alert per window). */
export async function incidentRaisedSince(q: Q, signal: string, since: Date): Promise<boolean> {
  const r = await q
    .selectFrom('audit_events')
    .select('seq')
    .where('type', '=', 'incident.raised')
    .where('occurred_at', '>=', since)
    .where(sql<boolean>`data->>'signal' = ${signal}`)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/** Audit rows after a sequence number, in order, as stored (hash chain included). */
export async function auditRowsAfter(q: Q, afterSeq: number, limit: number) {
  return q
    .selectFrom('audit_events')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

/** When the oldest row after a sequence number was written, or null when there is none. */
export async function oldestRowAfter(q: Q, afterSeq: number): Promise<Date | null> {
  const r = await q
    .selectFrom('audit_events')
    .select('occurred_at')
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  return r ? new Date(r.occurred_at) : null;
}
