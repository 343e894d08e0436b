/**
 * The hold clock (8 CFR 287.7(d); Form I-247A box 1): from the moment a person would otherwise
 * be released, a jail may keep them on an effective detainer for no more than 48 hours. The
 * 2017 form counts plain hours; the regulation counts hours excluding Saturdays, Sundays and
 * holidays. The MOA version says which (`hold_rule`); the shorter plain count is the default.
 * Alerts go to ICE and the jail at 24, 36 and 44 counted hours; at 48 the person is released.
 * There is no extension. Pure: instants in, instants out.
 */

import holidayFile from './data/federal-holidays.json' with { type: 'json' };
import type { HoldRule } from './moa.ts';

export type { HoldRule };

/** Federal holidays the business-hours rule skips (a versioned configuration file). */
export const FEDERAL_HOLIDAYS: readonly string[] = holidayFile.dates;

export const HOLD_LIMIT_HOURS = 48;
export const HOLD_ALERTS = [
  { kind: 'hold_24h', hours: 24 },
  { kind: 'hold_36h', hours: 36 },
  { kind: 'hold_44h', hours: 44 },
  { kind: 'hold_48h', hours: 48 },
] as const;
export type HoldTimerKind = (typeof HOLD_ALERTS)[number]['kind'];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Whether the UTC day of `t` is counted under the business-hours rule. */
const countedDay = (t: number, holidays: ReadonlySet<string>): boolean => {
  const d = new Date(t);
  const weekday = d.getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(d.toISOString().slice(0, 10));
};

/** The instant at which `hours` counted hours have passed since `start`. */
export function addCountedHours(
  start: Date,
  hours: number,
  rule: HoldRule,
  holidays: readonly string[] = [],
): Date {
  if (rule === 'plain_48h') return new Date(start.getTime() + hours * HOUR);
  const off = new Set(holidays);
  let t = start.getTime();
  let left = hours * HOUR;
  // Walk day by day: count the part of each counted day, skip the others whole.
  for (let guard = 0; left > 0 && guard < 3660; guard++) {
    const nextMidnight = Math.floor(t / DAY) * DAY + DAY;
    if (countedDay(t, off)) {
      const chunk = Math.min(left, nextMidnight - t);
      t += chunk;
      left -= chunk;
    } else {
      t = nextMidnight;
    }
  }
  return new Date(t);
}

export interface HoldSchedule {
  startedAt: Date;
  endsAt: Date;
  alerts: Array<{ kind: HoldTimerKind; hours: number; dueAt: Date }>;
}

/** The hold's end and its alert instants, from the "would otherwise be released" moment. */
export function holdSchedule(
  releasedAt: Date,
  rule: HoldRule,
  holidays: readonly string[] = [],
): HoldSchedule {
  return {
    startedAt: releasedAt,
    endsAt: addCountedHours(releasedAt, HOLD_LIMIT_HOURS, rule, holidays),
    alerts: HOLD_ALERTS.map((a) => ({
      kind: a.kind,
      hours: a.hours,
      dueAt: addCountedHours(releasedAt, a.hours, rule, holidays),
    })),
  };
}

/** Hours and minutes left on a running hold, never negative; for the clock shown on screens. */
export function holdRemaining(endsAt: Date, at: Date): { ms: number; expired: boolean; label: string } {
  const ms = Math.max(0, endsAt.getTime() - at.getTime());
  const h = Math.floor(ms / HOUR);
  const m = Math.floor((ms % HOUR) / 60_000);
  return { ms, expired: ms === 0, label: `${h} h ${String(m).padStart(2, '0')} min` };
}
