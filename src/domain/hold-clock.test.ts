/** The hold clock: plain 48 hours, the business-hours count over weekends and holidays, the alerts. */
import { describe, expect, it } from 'vitest';
import { addCountedHours, HOLD_LIMIT_HOURS, holdRemaining, holdSchedule } from './hold-clock.ts';

const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

describe('hold clock', () => {
  it('never ends later than 48 plain hours under the plain rule, whatever the day', () => {
    // A Friday evening release: the weekend is counted.
    const s = holdSchedule(at('2026-12-04T18:00:00Z'), 'plain_48h');
    expect(iso(s.endsAt)).toBe('2026-12-06T18:00:00.000Z');
    expect(s.endsAt.getTime() - s.startedAt.getTime()).toBe(HOLD_LIMIT_HOURS * 3_600_000);
  });

  it('alerts at 24, 36 and 44 hours and releases at 48, in that order', () => {
    const s = holdSchedule(at('2026-11-30T09:00:00Z'), 'plain_48h');
    expect(s.alerts.map((a) => [a.kind, a.hours, iso(a.dueAt)])).toEqual([
      ['hold_24h', 24, '2026-12-01T09:00:00.000Z'],
      ['hold_36h', 36, '2026-12-01T21:00:00.000Z'],
      ['hold_44h', 44, '2026-12-02T05:00:00.000Z'],
      ['hold_48h', 48, '2026-12-02T09:00:00.000Z'],
    ]);
    expect(s.alerts.at(-1)!.dueAt).toEqual(s.endsAt);
  });

  it('skips Saturday and Sunday under the business-hours rule', () => {
    // Friday 18:00: 6 h on Friday, weekend skipped, 24 h Monday, 18 h Tuesday.
    const s = holdSchedule(at('2026-12-04T18:00:00Z'), 'business_hours_48h');
    expect(iso(s.endsAt)).toBe('2026-12-08T18:00:00.000Z');
    expect(s.alerts.map((a) => iso(a.dueAt))).toEqual([
      '2026-12-07T18:00:00.000Z',
      '2026-12-08T06:00:00.000Z',
      '2026-12-08T14:00:00.000Z',
      '2026-12-08T18:00:00.000Z',
    ]);
  });

  it('skips a holiday after the weekend under the business-hours rule', () => {
    const s = holdSchedule(at('2026-12-04T18:00:00Z'), 'business_hours_48h', ['2026-12-07']);
    expect(iso(s.endsAt)).toBe('2026-12-09T18:00:00.000Z');
    // The holiday is not counted under the plain rule.
    expect(iso(holdSchedule(at('2026-12-04T18:00:00Z'), 'plain_48h', ['2026-12-07']).endsAt)).toBe(
      '2026-12-06T18:00:00.000Z',
    );
  });

  it('starts counting on Monday for a release on a Saturday', () => {
    expect(iso(addCountedHours(at('2026-12-05T10:00:00Z'), 48, 'business_hours_48h'))).toBe(
      '2026-12-09T00:00:00.000Z',
    );
  });

  it('on weekdays only, the business-hours rule equals the plain rule', () => {
    expect(iso(addCountedHours(at('2026-11-30T09:00:00Z'), 48, 'business_hours_48h'))).toBe(
      '2026-12-02T09:00:00.000Z',
    );
  });

  it('shows the time left, never negative', () => {
    const end = at('2026-12-02T09:00:00Z');
    expect(holdRemaining(end, at('2026-12-01T07:30:00Z'))).toEqual({
      ms: 25.5 * 3_600_000,
      expired: false,
      label: '25 h 30 min',
    });
    expect(holdRemaining(end, at('2026-12-03T00:00:00Z'))).toEqual({
      ms: 0,
      expired: true,
      label: '0 h 00 min',
    });
  });
});
