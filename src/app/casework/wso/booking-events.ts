/**
 * What the jail's booking events do to a WSO case (called by record-booking-event.ts). A WSO
 * case is not a detainer case: the release moment starts no hold (the WSO serves the warrant
 * then, and service starts ICE's clock); charges do not re-prioritise it. When the person leaves
 * the jail's custody after service, the case closes — at or after the end of the clock as a
 * release at the custody limit. Leaving before service closes it too: there is no one to serve.
 */
import type { BookingEventInput } from '../../../domain/booking.ts';
import type { CaseEffect } from '../case-step.ts';
import type { CaseContext } from '../standing.ts';

/** The effect of a booking event on an open WSO case; null when it changes nothing on it. */
export function wsoBookingEventEffect(ctx: CaseContext, e: BookingEventInput): CaseEffect | null {
  const { kase } = ctx;
  if (e.kind !== 'left_custody') return null;
  const leftAt = new Date(e.occurredAt);
  if (kase.status === 'warrant_lodged')
    return {
      patch: {
        status: 'closed',
        outcome: 'released_by_jail',
        outcomeReason: 'Left the jail’s custody before the warrant was served',
        closedAt: leftAt,
      },
      event: {
        type: 'case.released',
        summary: `Left the jail’s custody at ${e.occurredAt} before the warrant was served`,
        data: { served: false },
      },
      cancelTimers: true,
      notices: [
        {
          recipientRole: 'ice_supervisor',
          kind: 'wso_not_served',
          subject: `Case ${kase.caseNumber}: the person left custody before the warrant was served`,
          body: 'The lodged warrant was not served.',
        },
      ],
    };
  if (kase.status !== 'warrant_served') return null;
  const limit = kase.holdEndsAt !== null && leftAt.getTime() >= kase.holdEndsAt.getTime();
  return {
    patch: {
      status: 'closed',
      outcome: limit ? 'released_at_custody_limit' : 'released_by_jail',
      outcomeReason: limit
        ? 'Released at the end of ICE’s 48 hours after service; ICE did not assume custody'
        : 'Released by the jail before ICE assumed custody',
      closedAt: leftAt,
    },
    event: {
      type: 'case.released',
      summary: `Released from the jail’s custody at ${e.occurredAt}${limit ? ' (48 hours after service: ICE did not assume custody)' : ''}`,
      data: {
        overLimit: Boolean(kase.holdEndsAt && leftAt.getTime() > kase.holdEndsAt.getTime()),
        igsa: kase.record.wsoWarrant?.igsa === true,
      },
    },
    cancelTimers: true,
    closeTasks: { kinds: ['mandatory_release'], resolution: { releasedAt: e.occurredAt } },
  };
}

/** The wording of a custody-clock alert on a WSO case (fire-due-timers.ts). */
export function wsoTimerWording(caseNumber: string, hours: number, limit: boolean, ends: string) {
  return limit
    ? {
        summary:
          '48 hours since the warrant was served and ICE has not assumed custody: the person must be released now; the custody cannot be extended',
        subject: `Release now: case ${caseNumber} reached 48 hours after the warrant was served`,
        body: 'ICE did not assume custody in time. The custody cannot be extended. Release the person.',
        taskTitle: `Release the person of case ${caseNumber} now: 48 hours since the WSO warrant was served and ICE has not assumed custody (8 CFR 287.7(d))`,
      }
    : {
        summary: `${hours}-hour alert after the warrant was served: ICE must assume custody by ${ends}`,
        subject: `${hours} hours since the warrant on case ${caseNumber} was served`,
        body: `ICE must assume custody by ${ends}.`,
        taskTitle: '',
      };
}
