/**
 * ICE's custody clock after a WSO arrest: on or off by facility (an IGSA on file) and by date
 * (an amendment adding the IGSA from a date: the version in force on the service date decides),
 * and the business-hours variant where the agreement configures it (weekends and federal
 * holidays not counted). Pure rules first, then through the use cases on both backends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { custodyClock } from '../../src/app/casework/wso/custody-clock.ts';
import { serveWsoWarrant } from '../../src/app/casework/wso/serve-warrant.ts';
import { transferToIce } from '../../src/app/casework/wso/transfer-to-ice.ts';
import { amendMoa } from '../../src/app/moas/change-moa.ts';
import { authorizeOfficer } from '../../src/app/officers/authorize-officer.ts';
import { operator } from '../../src/domain/actor.ts';
import type { HoldRule } from '../../src/domain/moa.ts';
import * as casework from '../../src/store/casework.ts';
import { value } from '../casework/support.ts';
import { backends } from '../support/db.ts';
import { jailEvent, lodged, type WsoWorld, wsoWorld } from './support.ts';

const iso = (d: Date) => d.toISOString();

describe('custodyClock (pure)', () => {
  const served = new Date('2026-12-04T12:00:00Z'); // a Friday
  it('runs no clock at a facility the version lists with an IGSA, and a plain 48 hours elsewhere', () => {
    const v = { holdRule: 'plain_48h' as HoldRule, igsaFacilityCodes: ['ANNEX'] };
    expect(custodyClock(v, 'ANNEX', served)).toEqual({ kind: 'igsa', clause: 'WSO-DEFAULT:custody-igsa' });
    const c = custodyClock(v, 'MAIN', served);
    expect(c.kind).toBe('clock');
    if (c.kind !== 'clock') return;
    expect(iso(c.schedule.endsAt)).toBe('2026-12-06T12:00:00.000Z');
    expect(c.schedule.alerts.map((a) => iso(a.dueAt))).toEqual([
      '2026-12-05T12:00:00.000Z',
      '2026-12-06T00:00:00.000Z',
      '2026-12-06T08:00:00.000Z',
      '2026-12-06T12:00:00.000Z',
    ]);
    // No version at all: the plain 48 hours, never an IGSA.
    expect(custodyClock(null, 'ANNEX', served).kind).toBe('clock');
  });

  it('skips weekends and federal holidays under the business-hours rule', () => {
    const v = { holdRule: 'business_hours_48h' as HoldRule, igsaFacilityCodes: [] };
    const friday = custodyClock(v, 'MAIN', served);
    if (friday.kind !== 'clock') throw new Error('expected a clock');
    // Friday 12 h, the weekend skipped, Monday 24 h, Tuesday 12 h.
    expect(iso(friday.schedule.endsAt)).toBe('2026-12-08T12:00:00.000Z');
    expect(iso(friday.schedule.alerts[0]!.dueAt)).toBe('2026-12-07T12:00:00.000Z');
    // Christmas Eve: Thursday 12 h, Christmas (Friday) and the weekend skipped.
    const eve = custodyClock(v, 'MAIN', new Date('2026-12-24T12:00:00Z'));
    if (eve.kind !== 'clock') throw new Error('expected a clock');
    expect(iso(eve.schedule.endsAt)).toBe('2026-12-29T12:00:00.000Z');
  });
});

describe.each(backends())('the custody clock by facility and date on %s', (backend) => {
  let w: WsoWorld;
  beforeAll(async () => {
    w = await wsoWorld(backend);
  }, 60_000);
  afterAll(async () => {
    await w?.t.close();
  });

  const kase = async (caseId: string) => (await casework.findCase(w.t.store.db, caseId))!;

  /** Lodges on a booking at `facility`, records the release a minute ago, and serves. */
  async function serveAt(facility: string, now: string) {
    w.t.clock.set(now);
    const booked = new Date(Date.parse(now) - 3_600_000).toISOString();
    const release = new Date(Date.parse(now) + 3 * 86_400_000).toISOString();
    const l = await lodged(w, { facility, bookedAt: booked, expectedReleaseAt: release });
    value(
      await jailEvent(w, l.bookingNumber, 'bail_posted', new Date(Date.parse(now) - 60_000).toISOString()),
    );
    value(await serveWsoWarrant(w.t.deps, w.wso, l.caseId, {}));
    return l.caseId;
  }

  /** Amends the WSO agreement from `effective` (today) and authorizes the officer under the new version. */
  async function amend(version: number, effective: string, terms: { igsa: string[]; holdRule: HoldRule }) {
    const op = operator('test');
    value(
      await amendMoa(w.t.deps, op, {
        moaId: w.wsoMoaId,
        terms: {
          models: ['WSO'],
          signedOn: effective,
          effective,
          refresherCadenceDays: 365,
          holdRule: terms.holdRule,
          facilityCodes: ['WSO-MAIN', 'WSO-ANNEX'],
          igsaFacilityCodes: terms.igsa,
        },
      }),
    );
    value(
      await authorizeOfficer(w.t.deps, op, w.wsoOfficerId, {
        moaId: w.wsoMoaId,
        moaVersion: version,
        powers: null,
        startsOn: effective,
        endsOn: '2027-10-01',
        supervisingPosition: 'Supervisory Detention and Deportation Officer',
      }),
    );
  }

  it('IGSA on at WSO-ANNEX, off at WSO-MAIN, under the same version', async () => {
    const annex = await serveAt('WSO-ANNEX', '2026-11-29T12:00:00Z');
    expect(await kase(annex)).toMatchObject({ status: 'warrant_served', holdEndsAt: null });
    expect((await kase(annex)).record.wsoWarrant?.igsa).toBe(true);
    expect(await casework.timersOf(w.t.store.db, annex)).toEqual([]);
    const main = await serveAt('WSO-MAIN', '2026-11-29T12:00:00Z');
    expect(iso((await kase(main)).holdEndsAt!)).toBe('2026-12-01T12:00:00.000Z');
    expect(await casework.timersOf(w.t.store.db, main)).toHaveLength(4);

    // Under the IGSA there is no limit: ICE may take custody days later.
    w.t.clock.set('2026-12-02T09:00:00Z');
    value(
      await transferToIce(w.t.deps, w.supervisor, annex, {
        receivingFacility: { name: 'ICE Processing Center (synthetic)', address: '1 Processing Way' },
      }),
    );
    expect(await kase(annex)).toMatchObject({ outcome: 'transferred_to_ice' });
  });

  it('an amendment adding the IGSA at WSO-MAIN from a date: service before it runs the clock, after it none', async () => {
    const before = await serveAt('WSO-MAIN', '2026-12-02T10:00:00Z');
    expect((await kase(before)).holdEndsAt).not.toBeNull();

    w.t.clock.set('2026-12-03T08:00:00Z');
    await amend(2, '2026-12-03', { igsa: ['WSO-MAIN', 'WSO-ANNEX'], holdRule: 'plain_48h' });
    const after = await serveAt('WSO-MAIN', '2026-12-03T10:00:00Z');
    expect(await kase(after)).toMatchObject({ holdEndsAt: null });
    expect((await kase(after)).record.wsoWarrant?.igsa).toBe(true);
    expect(await casework.timersOf(w.t.store.db, after)).toEqual([]);
    // The earlier service keeps the clock it started with.
    expect(iso((await kase(before)).holdEndsAt!)).toBe('2026-12-04T10:00:00.000Z');
    const events = await casework.caseEvents(w.t.store.db, after);
    expect(events.find((e) => e.kind === 'case.warrant_served')?.summary).toMatch(/IGSA/);
  });

  it('the business-hours variant where the agreement configures it', async () => {
    w.t.clock.set('2026-12-04T08:00:00Z');
    await amend(3, '2026-12-04', { igsa: ['WSO-ANNEX'], holdRule: 'business_hours_48h' });
    const friday = await serveAt('WSO-MAIN', '2026-12-04T12:00:00Z');
    expect(iso((await kase(friday)).holdEndsAt!)).toBe('2026-12-08T12:00:00.000Z');
    const timers = await casework.timersOf(w.t.store.db, friday);
    expect(Object.fromEntries(timers.map((t) => [t.kind, iso(t.dueAt)]))).toEqual({
      hold_24h: '2026-12-07T12:00:00.000Z',
      hold_36h: '2026-12-08T00:00:00.000Z',
      hold_44h: '2026-12-08T08:00:00.000Z',
      hold_48h: '2026-12-08T12:00:00.000Z',
    });
    const served = (await casework.caseEvents(w.t.store.db, friday)).find(
      (e) => e.kind === 'case.warrant_served',
    );
    expect(served?.summary).toMatch(/excluding weekends and federal holidays/);
    // Still inside the clock on Monday evening (the weekend did not count): ICE may assume custody.
    w.t.clock.set('2026-12-07T20:00:00Z');
    value(
      await transferToIce(w.t.deps, w.supervisor, friday, {
        receivingFacility: { name: 'ICE Processing Center (synthetic)', address: '1 Processing Way' },
      }),
    );
  });
});
