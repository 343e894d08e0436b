/**
 * The hold-clock sweep (a job; run every minute by the server, and by tests with an injected
 * clock): every due timer fires once. At 24, 36 and 44 hours ICE and the jail are alerted; at
 * 48 hours the mandatory release task is created. Timers are rows, claimed with SKIP LOCKED, so
 * a restart or a second sweeper neither loses nor doubles an alert.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../domain/actor.ts';
import { ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import * as casework from '../../store/casework.ts';
import type { Deps } from '../deps.ts';
import { wsoTimerWording } from './wso/booking-events.ts';

const SYSTEM: Actor = { kind: 'operator', id: 'operator:hold-clock', role: 'program_office', agencyId: null };
const HOURS: Record<string, number> = { hold_24h: 24, hold_36h: 36, hold_44h: 44, hold_48h: 48 };

export async function fireDueTimers(
  deps: Deps,
  options: { limit?: number } = {},
): Promise<Result<{ fired: number; late: number }>> {
  const at = deps.clock.now();
  let fired = 0;
  let late = 0;
  for (;;) {
    const batch = await deps.db.transaction().execute(async (tx) => {
      const due = await casework.claimDueTimers(tx, at, options.limit ?? 200);
      for (const t of due) {
        const kase = await casework.findCase(tx, t.caseId);
        if (!kase) continue;
        const hours = HOURS[t.kind] ?? 48;
        const limit = t.kind === 'hold_48h';
        const ends = kase.holdEndsAt?.toISOString() ?? '';
        // WSO: ICE's 48 hours run from the service of the warrant, not from a detainer hold.
        const wso = kase.model === 'WSO' ? wsoTimerWording(kase.caseNumber, hours, limit, ends) : null;
        const auditId = await appendAudit(tx, SYSTEM, at, {
          type: limit ? 'case.hold_limit_reached' : 'case.hold_alert',
          resource: { type: 'case', id: kase.caseId },
          data: { agencyId: kase.agencyId, caseNumber: kase.caseNumber, hours, dueAt: t.dueAt.toISOString() },
        });
        await casework.appendCaseEvent(tx, {
          caseId: kase.caseId,
          at,
          actorId: SYSTEM.id,
          actorRole: null,
          kind: limit ? 'case.hold_limit_reached' : 'case.hold_alert',
          summary: wso
            ? wso.summary
            : limit
              ? '48 hours reached: the person must be released now; the hold cannot be extended'
              : `${hours}-hour alert: ICE must assume custody by ${ends}`,
          data: { hours },
          auditEventId: auditId,
        });
        for (const recipientRole of ['ice_supervisor', 'lea_admin'])
          await casework.notifyCase(
            tx,
            {
              notificationId: uuidv7(),
              agencyId: kase.agencyId,
              recipientRole,
              caseId: kase.caseId,
              kind: limit ? 'hold_limit' : 'hold_alert',
              subject: wso
                ? wso.subject
                : limit
                  ? `Release now: case ${kase.caseNumber} reached the 48-hour limit`
                  : `${hours} hours of the hold on case ${kase.caseNumber} have passed`,
              body: wso
                ? wso.body
                : limit
                  ? 'The hold cannot be extended. Release the person.'
                  : `ICE must assume custody by ${ends}.`,
            },
            at,
          );
        if (limit)
          await casework.insertTask(
            tx,
            {
              taskId: uuidv7(),
              agencyId: kase.agencyId,
              caseId: kase.caseId,
              kind: 'mandatory_release',
              recipientRole: 'lea_admin',
              title:
                wso?.taskTitle ||
                `Release the person of case ${kase.caseNumber} now: the 48-hour hold has ended (8 CFR 287.7(d))`,
              data: { holdEndsAt: ends },
              dueAt: t.dueAt,
            },
            at,
          );
        await casework.markTimerFired(tx, t.timerId, at);
      }
      return due;
    });
    fired += batch.length;
    late += batch.filter((t) => at.getTime() - t.dueAt.getTime() > 60_000).length;
    if (batch.length < (options.limit ?? 200)) break;
  }
  return ok({ fired, late });
}
