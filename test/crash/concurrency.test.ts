/**
 * Concurrency invariants (security.md R36).
 *
 * 1. A fault hook on the database handle forces SQLSTATE 40001 (and 40P01) before COMMIT: the
 *    transaction helper retries at most 3 times, then the API answers 503 `retry-later` with
 *    Retry-After, and nothing of any attempt is written.
 * 2. On native PostgreSQL, ~50 conflicting detainer and custody operations on the same subjects
 *    run at once in a seeded random schedule; afterwards SQL shows at most one open detainer per
 *    subject per agency (held by the partial unique index of migration 0019), every successful
 *    operation is in the case timeline exactly once, no update was lost, no request answered 5xx,
 *    and the audit chain verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assumeCustody } from '../../src/app/casework/assume-custody.ts';
import { approveDetainer, draftDetainer, serveDetainer } from '../../src/app/casework/detainer.ts';
import { liftDetainer } from '../../src/app/casework/lift-detainer.ts';
import { recordBookingEvent } from '../../src/app/casework/record-booking-event.ts';
import type { Result } from '../../src/domain/result.ts';
import { databaseProblem, STATUS } from '../../src/http/problem.ts';
import { buildServer } from '../../src/http/server.ts';
import { verifyAuditChain } from '../../src/store/audit.ts';
import {
  MAX_TRANSACTION_RETRIES,
  RetryLaterError,
  runWithRetry,
  type TransactionFaults,
  withRetry,
} from '../../src/store/db.ts';
import { advance, DETAINER, newCase } from '../casework/flow.ts';
import { type JemWorld, jemWorld } from '../casework/support.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';
import { seeded } from './burst.ts';

const sqlError = (code: string) => Object.assign(new Error(`simulated SQLSTATE ${code}`), { code });
const noPause = async () => {};

describe('the transaction helper retries serialization failures and deadlocks', () => {
  it('gives up after 3 retries with RetryLaterError, and does not retry other errors', async () => {
    const seen: number[] = [];
    await expect(
      runWithRetry(async (n) => {
        seen.push(n);
        throw sqlError('40P01');
      }, noPause),
    ).rejects.toBeInstanceOf(RetryLaterError);
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(MAX_TRANSACTION_RETRIES).toBe(3);

    const other: number[] = [];
    await expect(
      runWithRetry(async (n) => {
        other.push(n);
        throw sqlError('23505');
      }, noPause),
    ).rejects.toMatchObject({ code: '23505' });
    expect(other).toEqual([1]);

    await expect(
      runWithRetry(async (n) => (n < 3 ? Promise.reject(sqlError('40001')) : n), noPause),
    ).resolves.toBe(3);
  });

  it('maps exhausted retries to 503 retry-later and the detainer constraint to 409', () => {
    expect(databaseProblem(new RetryLaterError('40001', 4))).toMatchObject({
      problem: { status: 503, code: 'retry-later', type: '/problems/retry-later' },
      retryAfter: 1,
    });
    expect(
      databaseProblem(Object.assign(sqlError('23505'), { constraint: 'cases_one_open_detainer' })),
    ).toMatchObject({ problem: { status: 409, code: 'conflict', ruleId: 'detainer.one-open-per-subject' } });
    expect(databaseProblem(Object.assign(sqlError('23505'), { constraint: 'some_other_key' }))).toBeNull();
    expect(databaseProblem(new Error('boom'))).toBeNull();
  });

  describe.each(backends())('on %s, through the API', (backend) => {
    let t: TestDb;
    beforeAll(async () => {
      t = await freshDb(backend);
    }, 60_000);
    afterAll(() => t?.close());

    async function fileComplaint(faults: TransactionFaults) {
      const deps = { ...t.deps, db: withRetry(t.store.db, { faults, pause: noPause }) };
      const app = await buildServer({
        deps,
        database: { kind: t.store.kind },
        version: 'test',
        logger: false,
      });
      try {
        return await app.inject({
          method: 'POST',
          url: '/api/v1/complaints',
          payload: {
            language: 'en',
            narrative: 'The officer at the front desk refused to give a property receipt after booking.',
          },
        });
      } finally {
        await app.close();
      }
    }

    const counts = async () => {
      const one = async (table: 'complaints' | 'audit_events' | 'notifications') =>
        Number(
          (
            await t.store.db
              .selectFrom(table)
              .select((e) => e.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      return {
        complaints: await one('complaints'),
        audit: await one('audit_events'),
        notices: await one('notifications'),
      };
    };

    it('a 40001 on every attempt: 4 attempts, then 503 retry-later with Retry-After, nothing written', async () => {
      const before = await counts();
      const attempts: number[] = [];
      const res = await fileComplaint({
        beforeCommit: (n) => {
          attempts.push(n);
          throw sqlError('40001');
        },
      });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'retry-later', status: 503 });
      expect(res.body).not.toMatch(/40001|SQLSTATE|serializ/i);
      expect(attempts).toEqual([1, 2, 3, 4]);
      expect(await counts()).toEqual(before);
    });

    it('a deadlock on the first two attempts: the third commits once', async () => {
      const before = await counts();
      const attempts: number[] = [];
      const res = await fileComplaint({
        beforeCommit: (n) => {
          attempts.push(n);
          if (n <= 2) throw sqlError('40P01');
        },
      });
      expect(res.statusCode).toBe(201);
      expect(attempts).toEqual([1, 2, 3]);
      const after = await counts();
      expect(after.complaints).toBe(before.complaints + 1);
      expect(after.audit).toBeGreaterThan(before.audit);
    });
  });
});

const OPEN_DETAINER = ['detainer_drafted', 'detainer_approved', 'detainer_served', 'hold_running'];
type Op = 'draft' | 'approve' | 'serve' | 'lift' | 'release' | 'custody';
const OP_EVENT: Record<Op, string> = {
  draft: 'case.detainer_drafted',
  approve: 'case.detainer_approved',
  serve: 'case.detainer_served',
  lift: 'case.detainer_lifted',
  release: '', // a booking event: checked through the version count only
  custody: 'case.custody_assumed',
};

describe.runIf(backends().includes('postgres'))(
  '50 conflicting detainer and custody operations (native PostgreSQL)',
  () => {
    let w: JemWorld;
    const cases: Array<{ caseId: string; bookingNumber: string; subjectId: string }> = [];

    beforeAll(async () => {
      w = await jemWorld('postgres');
      // Three people, each booked twice at the agency: two cases per subject.
      for (let p = 0; p < 3; p++) {
        const person = {
          firstName: 'Rowan',
          lastName: `Concurrency${p}`,
          dob: `1985-03-0${p + 1}`,
          fingerprintId: `FP-CC-${p}`,
          // The FBI number links the second booking: a name and date of birth alone never would.
          fbiNumber: `CC${p}00000A`,
        };
        for (let b = 0; b < 2; b++) {
          const c = await newCase(w, {}, person);
          await advance(w, c.caseId, 'warrant_signed');
          cases.push(c);
        }
      }
    }, 240_000);
    afterAll(() => w?.t.close());

    it('keeps at most one open detainer per subject per agency; every success is recorded once; no 5xx', async () => {
      const subjects = new Set(cases.map((c) => c.subjectId));
      expect(subjects.size).toBe(3); // both bookings of a person resolve to one subject
      const rng = seeded(36);
      const d = w.t.deps;
      const ops: Array<{ op: Op; c: (typeof cases)[number] }> = [];
      // Wave 1: two drafts on every case at once: the two cases of one subject race on the
      // constraint, the two drafts of one case on its version.
      for (const c of cases) ops.push({ op: 'draft', c }, { op: 'draft', c });
      const wave1 = ops.length;
      // Wave 2: a seeded random mix of detainer and custody steps on the same six cases.
      const mix: Op[] = ['draft', 'approve', 'approve', 'serve', 'serve', 'lift', 'release', 'custody'];
      while (ops.length < 50)
        ops.push({ op: mix[Math.floor(rng() * mix.length)]!, c: cases[Math.floor(rng() * cases.length)]! });
      const versions = async () =>
        new Map(
          (
            await d.db
              .selectFrom('cases')
              .select(['case_id', 'version'])
              .where(
                'case_id',
                'in',
                cases.map((c) => c.caseId),
              )
              .execute()
          ).map((r) => [r.case_id, r.version]),
        );
      const before = await versions();

      const run = async ({ op, c }: (typeof ops)[number]): Promise<{ status: number; rule?: string }> => {
        const call = (): Promise<Result<unknown>> => {
          switch (op) {
            case 'draft':
              return draftDetainer(d, w.officer, c.caseId, DETAINER);
            case 'approve':
              return approveDetainer(d, w.supervisor, c.caseId);
            case 'serve':
              return serveDetainer(d, w.officer, c.caseId, { language: 'Spanish' });
            case 'lift':
              return liftDetainer(d, w.supervisor, c.caseId, { reason: 'duplicate_detainer', note: '' });
            case 'release':
              return recordBookingEvent(d, w.coordinator, c.bookingNumber, {
                kind: 'bail_posted',
                occurredAt: '2026-11-29T11:00:00Z',
              });
            case 'custody':
              return assumeCustody(d, w.supervisor, c.caseId, {
                receivingFacility: { name: 'ICE processing center', address: '1 Federal Way' },
              });
          }
        };
        try {
          const r = await call();
          if (r.ok) return { status: 200 };
          return { status: STATUS[r.error.code], ...(r.error.ruleId ? { rule: r.error.ruleId } : {}) };
        } catch (error) {
          // What the HTTP error handler answers for the same throw.
          const p = databaseProblem(error)?.problem;
          return p
            ? { status: p.status, ...(p.ruleId ? { rule: p.ruleId } : {}) }
            : { status: 500, rule: String(error) };
        }
      };
      const answers = [
        ...(await Promise.all(ops.slice(0, wave1).map(run))),
        ...(await Promise.all(ops.slice(wave1).map(run))),
      ];
      const history = ops.map((o, i) => ({ op: o.op, c: o.c, ...answers[i]! }));

      // No request failed with a server error; some lost the race with a 409.
      expect(history.filter((h) => h.status >= 500)).toEqual([]);
      expect(history.some((h) => h.status === 409)).toBe(true);
      // The constraint itself refused a racing draft (not only the case's version check).
      expect(history.some((h) => h.rule === 'detainer.one-open-per-subject')).toBe(true);

      // At most one open detainer per subject per agency.
      const open = await d.db
        .selectFrom('cases')
        .select(['subject_id', 'agency_id', (e) => e.fn.countAll<number>().as('n')])
        .where('status', 'in', OPEN_DETAINER)
        .groupBy(['subject_id', 'agency_id'])
        .having((e) => e.fn.countAll(), '>', 1)
        .execute();
      expect(open).toEqual([]);
      // Of each subject's two cases, exactly one won the first draft race.
      const drafted = history.slice(0, wave1).filter((h) => h.status === 200);
      expect(drafted.map((h) => h.c.subjectId).sort()).toEqual([...subjects].sort());

      // Each successful case step is in the timeline exactly once, and no update was lost:
      // a case's version advanced once per successful step (releases included).
      const after = await versions();
      const events = await d.db
        .selectFrom('case_events')
        .select(['case_id', 'kind', (e) => e.fn.countAll<number>().as('n')])
        .where(
          'case_id',
          'in',
          cases.map((c) => c.caseId),
        )
        .where('kind', 'in', Object.values(OP_EVENT).filter(Boolean))
        .groupBy(['case_id', 'kind'])
        .execute();
      for (const c of cases) {
        const ok = history.filter((h) => h.c.caseId === c.caseId && h.status === 200);
        for (const op of ['draft', 'approve', 'serve', 'lift', 'custody'] as const) {
          const n = Number(events.find((e) => e.case_id === c.caseId && e.kind === OP_EVENT[op])?.n ?? 0);
          expect({ case: c.caseId, op, n }).toEqual({
            case: c.caseId,
            op,
            n: ok.filter((h) => h.op === op).length,
          });
        }
        const steps = ok.filter((h) => h.op !== 'release').length;
        const releases = ok.filter((h) => h.op === 'release').length;
        const advanced = after.get(c.caseId)! - before.get(c.caseId)!;
        expect(advanced).toBeGreaterThanOrEqual(steps);
        expect(advanced).toBeLessThanOrEqual(steps + releases);
      }

      // A closed case holds no open detainer and stays closed.
      const closedOpen = await d.db
        .selectFrom('cases')
        .select('case_id')
        .where('closed_at', 'is not', null)
        .where('status', 'in', OPEN_DETAINER)
        .execute();
      expect(closedOpen).toEqual([]);

      expect((await verifyAuditChain(d.db)).ok).toBe(true);
    }, 120_000);
  },
);
