/**
 * ICE's custody clock after a WSO arrest (8 CFR 287.7(d); WSO agreement "custody within 48
 * hours"): from the service of the warrant ICE has 48 hours — plain, or excluding weekends and
 * federal holidays where the agreement version says so — to assume custody, unless the facility
 * has an IGSA with ICE on the service date, in which case it holds the person under the IGSA and
 * no clock runs. The version in force on the service date decides, facility by facility. Pure.
 */
import { FEDERAL_HOLIDAYS, type HoldSchedule, holdSchedule } from '../../../domain/hold-clock.ts';
import type { HoldRule, MoaVersion } from '../../../domain/moa.ts';

export type CustodyClock =
  | { kind: 'igsa'; clause: 'WSO-DEFAULT:custody-igsa' }
  | { kind: 'clock'; rule: HoldRule; schedule: HoldSchedule; clause: 'WSO-DEFAULT:custody-48-hours' };

export function custodyClock(
  version: Pick<MoaVersion, 'holdRule' | 'igsaFacilityCodes'> | null,
  facilityCode: string | null,
  servedAt: Date,
  holidays: readonly string[] = FEDERAL_HOLIDAYS,
): CustodyClock {
  if (version && facilityCode !== null && version.igsaFacilityCodes.includes(facilityCode))
    return { kind: 'igsa', clause: 'WSO-DEFAULT:custody-igsa' };
  const rule = version?.holdRule ?? 'plain_48h';
  return {
    kind: 'clock',
    rule,
    schedule: holdSchedule(servedAt, rule, rule === 'business_hours_48h' ? holidays : []),
    clause: 'WSO-DEFAULT:custody-48-hours',
  };
}

/** Hours between two instants, to one decimal place. */
export const hoursBetween = (from: Date, to: Date): number =>
  Math.round(((to.getTime() - from.getTime()) / 3_600_000) * 10) / 10;
