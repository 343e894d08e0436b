/**
 * R25: fast-check fuzzing of every route in the router — arbitrary JSON bodies, valid bodies
 * with one field made wrong (unknown key, wrong type, oversized, a date-shaped non-date), odd
 * query strings and path parameters, wrong media types, forged cookies. Never a 5xx; every
 * 4xx is RFC 9457 problem JSON with no stack trace, SQL, path or version (R29).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/http/actor.ts';
import { backends } from '../support/db.ts';
import {
  type AgencyRecords,
  expectProblem,
  type Harness,
  LEAK,
  type RouteInfo,
  startHarness,
  validBody,
} from './harness.ts';

/** Runs per route and backend (~30 routes × 2 backends stay under 20 s); FUZZ_RUNS for a longer hunt. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 15);

/** Text that cannot itself look like a leak when an error message quotes it (an unknown key). */
const text = (maxLength: number) => fc.string({ maxLength, unit: 'grapheme' }).filter((s) => !LEAK.test(s));
const oversized = fc.integer({ min: 1_000, max: 70_000 }).map((n) => 'Z'.repeat(n));
/** Shaped like YYYY-MM-DD (so it passes the pattern) but usually no calendar date. */
const dateLike = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
  .map(
    ([y, m, d]) =>
      `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  );
const odd = fc.constantFrom(
  '',
  ' ',
  '0',
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '__proto__',
  'constructor',
  "'; --",
  '\u0000',
  '\u202e',
  '%00',
  'JEM',
  'program_office',
);
const leaf = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  text(40),
  text(20).map((s) => `${s}\u0000${s}`),
  dateLike,
  fc.uuid(),
  odd,
  oversized,
);
const json: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    leaf,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(text(20), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** A valid body with one thing wrong: the shape the schemas see most in practice. */
const mutated = (valid: Record<string, unknown>) => {
  const keys = Object.keys(valid);
  return fc.oneof(
    fc.record({ k: text(20), v: json }).map(({ k, v }) => ({ ...valid, [k]: v })),
    fc.record({ i: fc.nat(), v: json }).map(({ i, v }) => ({ ...valid, [keys[i % keys.length]!]: v })),
    fc.record({ i: fc.nat(), v: fc.oneof(dateLike, fc.uuid(), oversized, odd) }).map(({ i, v }) => ({
      ...valid,
      [keys[i % keys.length]!]: v,
    })),
    fc.nat().map((i) => {
      const copy = { ...valid };
      delete copy[keys[i % keys.length]!];
      return copy;
    }),
  );
};

const QUERY_KEYS = [
  'agencyId',
  'asOf',
  'list',
  'model',
  'state',
  'q',
  'limit',
  'cursor',
  'from',
  'to',
  'status',
  'facility',
  'jurisdiction',
];
const queryString = fc.oneof(
  fc.constant(''),
  fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(...QUERY_KEYS),
          fc.constantFrom('agencyId[]', 'limit[0]', '__proto__'),
          text(10),
        ),
        fc.oneof(leaf.map(String), fc.base64String({ maxLength: 200 })),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')),
  fc.constantFrom('%zz', '&&&', '=', 'a=%', 'limit=1&limit=2', 'asOf=2025-02-30', 'cursor=eyJ4Ijp9', '?'),
);
/** A path parameter: mostly the id of a real record of its kind (so bodies reach the use cases), or junk. */
const pathParam = (h: Harness, name: string) => {
  const field = name.slice(1) as keyof AgencyRecords;
  const real = [h.own[field], h.other[field]].filter((v): v is string => typeof v === 'string');
  return real.length ? fc.oneof({ arbitrary: fc.constantFrom(...real), weight: 3 }, junkParam) : junkParam;
};
const junkParam = fc.oneof(
  fc.uuid().map(String),
  text(80).map(encodeURIComponent),
  dateLike,
  oversized.map((s) => s.slice(0, 5_000)),
  fc.constantFrom('..', '%2e%2e', '%00', '%zz', '%2F', 'null', '-1'),
);
const mediaType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
);

interface Attempt {
  caller: 'public' | 'program_office' | 'lea_admin' | 'forged';
  forged: string;
  query: string;
  params: string[];
  body: { kind: 'json'; value: unknown } | { kind: 'raw'; value: string; type: string } | { kind: 'none' };
}

describe.each(backends())('fuzzing every route on %s', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(backend);
  });
  afterAll(async () => {
    await h?.close();
  });

  const attemptsFor = (route: RouteInfo): fc.Arbitrary<Attempt> => {
    const key = `${route.method} ${route.url}`;
    const valid = validBody(key, h, { agencyId: h.own.agencyId, n: 0, ownership: 'own' });
    const hasBody = !['GET', 'HEAD'].includes(route.method);
    const params = route.url.match(/:\w+/g) ?? [];
    const body: fc.Arbitrary<Attempt['body']> = hasBody
      ? fc.oneof(
          json.map((value) => ({ kind: 'json' as const, value })),
          ...(valid && typeof valid === 'object'
            ? [mutated(valid as Record<string, unknown>).map((value) => ({ kind: 'json' as const, value }))]
            : []),
          fc
            .record({
              value: fc.oneof(text(200), fc.constantFrom('{', '{"a":', '[1,]', '{"__proto__":{"x":1}}')),
              type: mediaType,
            })
            .map((r) => ({ kind: 'raw' as const, ...r })),
          fc.constant({ kind: 'none' as const }),
        )
      : fc.constant({ kind: 'none' as const });
    return fc.record({
      // Signing out as a real user would end the session the other runs use.
      caller:
        key === 'DELETE /api/v1/session'
          ? fc.constantFrom('public' as const, 'forged' as const)
          : fc.constantFrom(
              'public' as const,
              'program_office' as const,
              'lea_admin' as const,
              'forged' as const,
            ),
      forged: fc.oneof(fc.base64String({ maxLength: 64 }), text(64).map(encodeURIComponent)),
      query: queryString,
      params: fc.tuple(...params.map((p) => pathParam(h, p))),
      body,
    });
  };

  it('survives each hostile value in each field of each valid body, as a permitted caller', async () => {
    const HOSTILE: unknown[] = [
      'a\u0000b',
      '2026-02-30',
      '',
      'Z'.repeat(20_000),
      '00000000-0000-4000-8000-000000000000',
      -1,
      1e308,
      0.5,
      null,
      [],
      { $gt: '' },
    ];
    /** Every way of replacing one leaf of `value` (objects one level into arrays too). */
    const variants = (value: unknown): unknown[] => {
      if (Array.isArray(value))
        return [...HOSTILE, ...value.flatMap((v, i) => variants(v).map((w) => value.with(i, w)))];
      if (value && typeof value === 'object') {
        const obj = value as Record<string, unknown>;
        return Object.keys(obj).flatMap((k) => variants(obj[k]).map((w) => ({ ...obj, [k]: w })));
      }
      return HOSTILE;
    };
    let calls = 0;
    for (const route of h.routes) {
      const key = `${route.method} ${route.url}`;
      if (key === 'DELETE /api/v1/session') continue;
      const valid = validBody(key, h, { agencyId: h.own.agencyId, n: 0, ownership: 'own' });
      if (!valid || typeof valid !== 'object') continue;
      const url = route.url
        .replace(':agencyId', h.own.agencyId)
        .replace(':moaId', h.own.moaId)
        .replace(':officerId', h.own.officerId)
        .replace(':caseId', h.own.caseId)
        .replace(':documentId', h.own.documentId)
        .replace(':bookingNumber', h.own.bookingNumber);
      for (const body of [...variants(valid), { ...valid, unknownKey: 1 }]) {
        for (const caller of ['program_office'] as const) {
          const res = await h.app.inject({
            method: route.method as 'POST',
            url,
            headers: { cookie: h.cookie[caller]! },
            payload: body as object,
          });
          calls += 1;
          const where = `${key} as ${caller} with ${JSON.stringify(body).slice(0, 200)}`;
          expect(res.statusCode, `${where}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
          if (res.statusCode >= 400) expectProblem(res, where);
        }
      }
    }
    expect(calls).toBeGreaterThan(300);
  });

  it('never answers 5xx, and answers every client error with a clean problem', async () => {
    const routes = h.routes;
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(attemptsFor(route), async (a) => {
          let i = 0;
          const path = route.url.replace(/:\w+/g, () => a.params[i++]!);
          const cookie =
            a.caller === 'forged'
              ? `${SESSION_COOKIE}=${a.forged}`
              : a.caller === 'public'
                ? null
                : h.cookie[a.caller];
          const headers: Record<string, string> = cookie ? { cookie } : {};
          let payload: string | undefined;
          if (a.body.kind === 'json') {
            payload = JSON.stringify(a.body.value) ?? 'null';
            headers['content-type'] = 'application/json';
          } else if (a.body.kind === 'raw') {
            payload = a.body.value;
            headers['content-type'] = a.body.type;
          }
          const res = await h.app.inject({
            method: route.method as 'GET',
            url: a.query ? `${path}?${a.query}` : path,
            headers,
            ...(payload !== undefined ? { payload } : {}),
          });
          const where = `${route.method} ${route.url}`;
          expect(res.statusCode, `${where}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
          if (res.statusCode >= 400 && route.method !== 'HEAD') expectProblem(res, where);
        }),
        { numRuns: RUNS },
      );
    }
  });
});
