/**
 * Bad bookings and booking events through the API, on PGlite and PostgreSQL: each is a clear
 * 4xx problem naming what is wrong, never a 5xx, and writes nothing — counted in bookings,
 * booking events, cases, subjects and the audit trail before and after.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/server.ts';
import { expectProblem } from '../security/harness.ts';
import { backends } from '../support/db.ts';
import { signInOverHttp } from '../support/sign-in.ts';
import { counts } from './flow.ts';
import { booking, type JemWorld, jemWorld } from './support.ts';

describe.each(backends())('bad booking input through the API on %s', (backend) => {
  let w: JemWorld;
  let app: FastifyInstance;
  let cookie: string;
  beforeAll(async () => {
    w = await jemWorld(backend);
    app = await buildServer({ deps: w.t.deps, database: { kind: w.t.store.kind }, version: 'test' });
    cookie = await signInOverHttp(app, 'coordinator@demo.delegate.test');
  });
  afterAll(async () => {
    await app?.close();
    await w?.t.close();
  });

  const post = (url: string, payload: unknown) =>
    app.inject({
      method: 'POST',
      url,
      headers: { cookie, 'content-type': 'application/json' },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  /** Sends `payload`, expects a problem of `status` whose detail matches `detail`, and nothing written. */
  async function rejected(url: string, payload: unknown, status: number, detail: RegExp) {
    const before = await counts(w.t.store.db);
    const res = await post(url, payload);
    expect(res.statusCode, res.body).toBe(status);
    expectProblem(res, url);
    expect(res.json().detail).toMatch(detail);
    expect(await counts(w.t.store.db)).toEqual(before);
    return res;
  }

  const withPerson = (person: Record<string, unknown>) => {
    const b = booking();
    return { ...b, person: { ...b.person, ...person } };
  };

  it('refuses a booking with a missing field, naming it', async () => {
    const b = booking() as Record<string, unknown>;
    delete b.bookedAt;
    await rejected('/api/v1/bookings', b, 400, /bookedAt/);
    const p = booking();
    const { dob: _dob, ...person } = p.person;
    await rejected('/api/v1/bookings', { ...p, person }, 400, /person\.dob/);
    await rejected('/api/v1/bookings', { ...booking(), charges: [] }, 400, /charges.*at least one charge/);
  });

  it('refuses an unknown field rather than ignoring it', async () => {
    await rejected('/api/v1/bookings', { ...booking(), shoeSize: 11 }, 400, /shoeSize/);
    await rejected('/api/v1/bookings', withPerson({ nickname: 'T' }), 400, /nickname/);
  });

  it('refuses an impossible date and a date of birth after the booking', async () => {
    await rejected('/api/v1/bookings', withPerson({ dob: '1990-02-30' }), 400, /person\.dob.*calendar date/);
    await rejected('/api/v1/bookings', { ...booking(), bookedAt: '2026-13-01T08:00:00Z' }, 400, /bookedAt/);
    await rejected(
      '/api/v1/bookings',
      withPerson({ dob: '2027-01-01' }),
      400,
      /person\.dob: is after the booking/,
    );
    await rejected(
      '/api/v1/bookings',
      { ...booking(), bookedAt: '2026-12-31T08:00:00Z', expectedReleaseAt: '2027-01-05T08:00:00Z' },
      400,
      /bookedAt: is in the future/,
    );
  });

  it('refuses an unknown NCIC offense code', async () => {
    await rejected(
      '/api/v1/bookings',
      { ...booking(), charges: [{ ncic: '0001', description: 'Unknown', level: 'felony' }] },
      400,
      /charges\[0\]\.ncic: 0001 is not a known NCIC offense code/,
    );
    await rejected(
      '/api/v1/bookings',
      { ...booking(), charges: [{ ncic: '13A', description: 'Bad shape', level: 'felony' }] },
      400,
      /four-digit NCIC/,
    );
  });

  it('refuses an A-number of 7 digits', async () => {
    await rejected(
      '/api/v1/bookings',
      withPerson({ aNumber: '1234567' }),
      400,
      /person\.aNumber.*8 or 9 digits/,
    );
  });

  it('refuses 51 charges', async () => {
    const charge = { ncic: '1313', description: 'Simple assault', level: 'misdemeanor' };
    await rejected(
      '/api/v1/bookings',
      { ...booking(), charges: Array(51).fill(charge) },
      400,
      /at most 50 charges/,
    );
  });

  it('refuses a 10,000-character name and control characters', async () => {
    await rejected(
      '/api/v1/bookings',
      withPerson({ lastName: 'Q'.repeat(10_000) }),
      400,
      /person\.lastName.*at most 60/,
    );
    await rejected('/api/v1/bookings', withPerson({ firstName: 'Tob\u0007ias' }), 400, /control characters/);
    await rejected(
      '/api/v1/bookings',
      withPerson({ lastName: 'Quill\u0000feather' }),
      400,
      /control characters|NUL character/,
    );
  });

  it('refuses malformed JSON and an oversized payload with a clear problem, never a 5xx', async () => {
    const before = await counts(w.t.store.db);
    const broken = await post('/api/v1/bookings', '{"bookingNumber": ');
    expect(broken.statusCode).toBe(400);
    expectProblem(broken, 'malformed JSON');
    const huge = await post('/api/v1/bookings', { ...booking(), padding: 'Z'.repeat(300 * 1024) });
    expect(huge.statusCode, huge.body.slice(0, 300)).toBe(413);
    expectProblem(huge, 'oversized');
    const hugeEvent = await post('/api/v1/bookings/B-000001/events', {
      kind: 'bail_posted',
      occurredAt: '2026-11-29T09:00:00Z',
      note: 'Z'.repeat(300 * 1024),
    });
    expect(hugeEvent.statusCode).toBe(413);
    expectProblem(hugeEvent, 'oversized event');
    expect(await counts(w.t.store.db)).toEqual(before);
  });

  it('refuses a release before the booking and an event on an unknown booking number', async () => {
    const b = booking();
    const created = await post('/api/v1/bookings', b);
    expect(created.statusCode, created.body).toBe(201);
    await rejected(
      `/api/v1/bookings/${b.bookingNumber}/events`,
      { kind: 'bail_posted', occurredAt: '2026-11-29T07:59:59Z' },
      400,
      /occurredAt: is before the booking/,
    );
    await rejected(
      `/api/v1/bookings/${b.bookingNumber}/events`,
      { kind: 'charges_changed', occurredAt: '2026-11-29T09:00:00Z' },
      400,
      /charges: is required when charges change/,
    );
    await rejected(
      `/api/v1/bookings/${b.bookingNumber}/events`,
      { kind: 'escaped', occurredAt: '2026-11-29T09:00:00Z' },
      400,
      /kind/,
    );
    await rejected(
      '/api/v1/bookings/NO-SUCH-BOOKING/events',
      { kind: 'bail_posted', occurredAt: '2026-11-29T09:00:00Z' },
      404,
      /No booking NO-SUCH-BOOKING/,
    );
  });

  it('answers an identical resend as before and refuses the same number with other content', async () => {
    const b = booking();
    const first = await post('/api/v1/bookings', b);
    expect(first.statusCode, first.body).toBe(201);
    const { caseId, bookingId } = first.json();
    expect(caseId).toBeTruthy();

    const before = await counts(w.t.store.db);
    const again = await post('/api/v1/bookings', b);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ caseId, bookingId, replayed: true });
    expect(await counts(w.t.store.db)).toEqual(before);

    const res = await rejected(
      '/api/v1/bookings',
      { ...b, charges: [{ ncic: '3599', description: 'Dangerous drugs', level: 'felony' }] },
      409,
      /already received with different content/,
    );
    expect(res.json().ruleId).toBe('booking.duplicate-number');
  });
});
