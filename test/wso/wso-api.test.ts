/**
 * WSO over HTTP on both backends: ICE lodges with an Idempotency-Key (a repeat answers the first
 * lodging and writes once), sees the WSO facilities with their IGSA, the WSO serves, ICE assumes
 * custody; and the program view shows the right figures per agency to the program office and
 * inspectors only.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fireDueTimers } from '../../src/app/casework/fire-due-timers.ts';
import { serveWsoWarrant } from '../../src/app/casework/wso/serve-warrant.ts';
import { transferToIce } from '../../src/app/casework/wso/transfer-to-ice.ts';
import { withdrawWsoWarrant } from '../../src/app/casework/wso/withdraw-warrant.ts';
import { median } from '../../src/app/oversight/wso-program-view.ts';
import { buildServer } from '../../src/http/server.ts';
import { value } from '../casework/support.ts';
import { backends } from '../support/db.ts';
import { signInOverHttp } from '../support/sign-in.ts';
import { jailEvent, lodged, type WsoWorld, wsoWorld } from './support.ts';

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones, or null', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});

describe.each(backends())('WSO over HTTP on %s', (backend) => {
  let w: WsoWorld;
  let app: FastifyInstance;
  const cookie: Record<string, string> = {};
  beforeAll(async () => {
    w = await wsoWorld(backend);
    app = await buildServer({ deps: w.t.deps, database: { kind: w.t.store.kind }, version: 'test' });
    for (const [k, email] of [
      ['ice', 'supervisor@demo.delegate.test'],
      ['wso', 'wso-officer@demo.delegate.test'],
      ['program', 'program@demo.delegate.test'],
      ['inspector', 'inspector@demo.delegate.test'],
    ])
      cookie[k!] = await signInOverHttp(app, email!);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await w?.t.close();
  });

  const post = (who: string, url: string, payload: object, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload, headers: { cookie: cookie[who]!, ...headers } });
  const get = (who: string, url: string) =>
    app.inject({ method: 'GET', url, headers: { cookie: cookie[who]! } });

  it('lists the WSO facilities with their IGSA for ICE', async () => {
    const res = await get('ice', '/api/v1/wso/facilities');
    expect(res.statusCode).toBe(200);
    const mine = (res.json().items as Array<{ agencyId: string; code: string; igsa: boolean }>).filter(
      (f) => f.agencyId === w.wsoAgencyId,
    );
    expect(mine.map((f) => [f.code, f.igsa]).sort()).toEqual([
      ['WSO-ANNEX', true],
      ['WSO-MAIN', false],
    ]);
  });

  it('lodges once per Idempotency-Key, then the WSO serves and ICE assumes custody', async () => {
    const booked = await app.inject({
      method: 'POST',
      url: `/api/v1/bookings?agencyId=${w.wsoAgencyId}`,
      headers: { cookie: await signInOverHttp(app, 'wso-coordinator@demo.delegate.test') },
      payload: {
        bookingNumber: 'WH-000001',
        facilityCode: 'WSO-MAIN',
        bookedAt: '2026-11-29T08:00:00Z',
        person: { firstName: 'Ilse', lastName: 'Marchbank', dob: '1990-04-04', sex: 'F' },
        charges: [{ ncic: '1313', description: 'Simple assault', level: 'misdemeanor' }],
        expectedReleaseAt: '2026-12-01T09:00:00Z',
      },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json().caseId).toBeNull(); // a WSO facility's booking opens no JEM case
    const body = { agencyId: w.wsoAgencyId, bookingNumber: 'WH-000001', form: 'I-200', number: 'WH-W-0001' };
    const first = await post('ice', '/api/v1/wso/warrants', body, { 'idempotency-key': 'lodge-1' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      status: 'warrant_lodged',
      expectedReleaseAt: '2026-12-01T09:00:00.000Z',
    });
    const again = await post('ice', '/api/v1/wso/warrants', body, { 'idempotency-key': 'lodge-1' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const caseId = first.json().caseId as string;
    const cases = await w.t.store.db
      .selectFrom('cases')
      .select(['case_id'])
      .where('booking_id', 'is not', null)
      .execute();
    expect(cases.filter((c) => c.case_id === caseId)).toHaveLength(1);

    value(await jailEvent(w, 'WH-000001', 'bail_posted', '2026-11-29T11:50:00Z'));
    const served = await post('wso', `/api/v1/cases/${caseId}/wso/service`, {});
    expect(served.statusCode, served.body).toBe(200);
    expect(served.json()).toEqual({ caseId, status: 'warrant_served' });
    const page = await get('wso', `/api/v1/cases/${caseId}`);
    expect(page.statusCode, page.body).toBe(200);
    const moved = await post('ice', `/api/v1/cases/${caseId}/wso/transfer`, {
      receivingFacility: { name: 'ICE Processing Center (synthetic)', address: '1 Processing Way' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().status).toBe('closed');
  });

  it('the program view counts lodged, served, transferred, released at the limit and the clock, per agency', async () => {
    // One transferred 10 hours after service, one released half an hour after its 48 hours, one withdrawn.
    const a = await lodged(w);
    value(await jailEvent(w, a.bookingNumber, 'bail_posted', '2026-11-29T11:00:00Z'));
    value(await serveWsoWarrant(w.t.deps, w.wso, a.caseId, {}));
    const b = await lodged(w);
    value(await jailEvent(w, b.bookingNumber, 'bail_posted', '2026-11-29T11:00:00Z'));
    value(await serveWsoWarrant(w.t.deps, w.wso, b.caseId, {}));
    const c = await lodged(w);
    value(await withdrawWsoWarrant(w.t.deps, w.supervisor, c.caseId, { reason: 'Prosecutorial discretion' }));
    w.t.clock.set('2026-11-29T22:00:00Z');
    value(
      await transferToIce(w.t.deps, w.supervisor, a.caseId, {
        receivingFacility: { name: 'ICE Processing Center (synthetic)', address: '1 Processing Way' },
      }),
    );
    w.t.clock.set('2026-12-01T12:30:00Z');
    value(await fireDueTimers(w.t.deps));
    value(await jailEvent(w, b.bookingNumber, 'left_custody', '2026-12-01T12:30:00Z'));
    // Sessions have ended while the clock moved on: sign in again.
    for (const [k, email] of [
      ['ice', 'supervisor@demo.delegate.test'],
      ['program', 'program@demo.delegate.test'],
      ['inspector', 'inspector@demo.delegate.test'],
    ])
      cookie[k!] = await signInOverHttp(app, email!);

    expect((await get('ice', '/api/v1/oversight/wso')).statusCode).toBe(403);
    expect((await get('inspector', '/api/v1/oversight/wso')).statusCode).toBe(200);
    const res = await get('program', '/api/v1/oversight/wso');
    expect(res.statusCode).toBe(200);
    const view = res.json();
    const agency = view.agencies.find((x: { agencyId: string }) => x.agencyId === w.wsoAgencyId);
    // The demo lodged three (unserved); this file lodged four more (one by HTTP, served and transferred).
    expect(agency).toMatchObject({
      lodged: 7,
      served: 3,
      transferred: 2,
      releasedAtLimit: 1,
      withdrawn: 1,
      open: 3,
      igsa: 0,
      clock: { overLimit: 1 },
    });
    expect(agency.clock.maxHoursToTransfer).toBe(10);
    expect(agency.clock.medianHoursToTransfer).toBeGreaterThan(0);
    expect(view.inspections).toEqual([]);
    expect(view.inspectionsNote).toMatch(/No inspection records/);
    expect(view.totals.lodged).toBe(7);
    w.t.clock.set('2026-11-29T12:00:00Z');
  });
});
