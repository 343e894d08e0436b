/**
 * A simulated year at one JEM jail (issue 4): an injected clock advanced in uneven steps of 30
 * to 60 minutes; at each step the "server" sweeps the hold-clock timers and sends due queries to
 * the seeded outside-systems simulator (5 % of calls fail); the jail books about two thousand
 * synthetic people at MAIN, reports each "would otherwise be released" moment at a random time,
 * and obeys every mandatory-release task at its next step; an officer and an ICE supervisor
 * take a share of the cases to an effective (served) detainer through the use cases; ICE then
 * assumes custody after a random delay, lifts the detainer, arrives after the 48 hours, or never
 * comes. The server is restarted several times: the store is closed and a new one opened on the
 * same data directory, so only rows survive. At the end: no hold ran past 48 hours, every alert
 * and release task went out within one step of its instant, every late custody was refused, no
 * query was lost and the audit chain verifies.
 *
 * PGlite only, in a temporary data directory: a restart here is reopening that directory, and
 * the year takes about a minute on this two-core machine, too slow to run twice.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignCase } from '../../src/app/casework/assign-case.ts';
import { assumeCustody } from '../../src/app/casework/assume-custody.ts';
import { draftChargingDocument, signChargingDocument } from '../../src/app/casework/charging-document.ts';
import { approveDetainer, draftDetainer, serveDetainer } from '../../src/app/casework/detainer.ts';
import { fireDueTimers } from '../../src/app/casework/fire-due-timers.ts';
import { ingestBooking } from '../../src/app/casework/ingest-booking.ts';
import { liftDetainer } from '../../src/app/casework/lift-detainer.ts';
import { listTasks } from '../../src/app/casework/list-cases.ts';
import { recordBookingEvent } from '../../src/app/casework/record-booking-event.ts';
import { recordDetermination } from '../../src/app/casework/record-determination.ts';
import { recordInterview } from '../../src/app/casework/record-interview.ts';
import { reviewI213 } from '../../src/app/casework/review-i213.ts';
import { signWarrant } from '../../src/app/casework/sign-warrant.ts';
import { submitI213 } from '../../src/app/casework/submit-i213.ts';
import { processSystemQueries, requestSystemQueries } from '../../src/app/casework/system-queries.ts';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import type { Deps } from '../../src/app/deps.ts';
import { type Actor, operator, type Role } from '../../src/domain/actor.ts';
import { RELEASE_EVENTS } from '../../src/domain/booking.ts';
import { fixedClock } from '../../src/domain/clock.ts';
import { ageOn, type CaseRecord, LIFT_REASONS, type LiftReason } from '../../src/domain/jem-case.ts';
import { type SyntheticBooking, syntheticBookings } from '../../src/integrations/systems/bookings.ts';
import { pick, type Rng, seededRng, weighted } from '../../src/integrations/systems/random.ts';
import { createSimulator, noDelay, type Simulator } from '../../src/integrations/systems/simulator.ts';
import { verifyAuditChain } from '../../src/store/audit.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { booking, INTERVIEW, type JemWorld, jemWorld, value } from './support.ts';

const SEED = 20_261_129;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const START = Date.parse('2026-11-29T12:00:00Z');
const END = START + 365 * DAY;
const BOOKINGS = 2_000;
/** The server runs every 30 to 60 simulated minutes; "on time" means within one step. */
const STEP_MIN = 30 * MINUTE;
const STEP_MAX = 60 * MINUTE;
/** Share of adult bookings staying two days or more that are taken to a served detainer. */
const WALK_SHARE = 0.035;
/** Share of bookings on which the officer runs database checks. */
const QUERY_SHARE = 0.08;
/** Days after which the server restarts, at the first step with a hold running. */
const RESTART_DAYS = [60, 130, 200, 270, 330];
const RECEIVING = { name: 'ICE processing center (simulated)', address: '1 Federal Way' };

type IcePlan =
  | { kind: 'assume'; after: number }
  | { kind: 'lift'; after: number; reason: LiftReason }
  | { kind: 'late' }
  | { kind: 'very_late'; after: number }
  | { kind: 'none' };

interface Plan {
  booking: SyntheticBooking;
  bookedAt: number;
  /** The "would otherwise be released" moment; after END for those still in custody. */
  releaseAt: number;
  walkAt: number | null;
  queries: boolean;
  ice: IcePlan;
  caseId: string | null;
  holdEndsAt: number | null;
}

interface CustodyAttempt {
  caseId: string;
  at: number;
  holdEndsAt: number;
  /** The case was still on a running hold as far as the jail and ICE knew. */
  running: boolean;
  ok: boolean;
  ruleId: string | null;
}

interface World {
  dir: string;
  store: Store;
  sim: Simulator;
  clock: ReturnType<typeof fixedClock>;
  coordinator: Actor;
  officer: Actor;
  supervisor: Actor;
  plans: Plan[];
  attempts: CustodyAttempt[];
  restarts: Array<{ at: number; holdsRunning: number }>;
  lifted: number;
}

const iso = (t: number) => new Date(t).toISOString();
const between = (rng: Rng, lo: number, hi: number) => Math.floor(lo + rng() * (hi - lo));

function icePlan(rng: Rng): IcePlan {
  const kind = weighted(rng, [
    ['assume', 40],
    ['lift', 15],
    ['late', 15],
    ['very_late', 10],
    ['none', 20],
  ] as const);
  switch (kind) {
    case 'assume':
      return { kind, after: between(rng, HOUR, 47 * HOUR) };
    case 'lift':
      return { kind, after: between(rng, HOUR, 40 * HOUR), reason: pick(rng, LIFT_REASONS) };
    case 'very_late':
      return { kind, after: between(rng, 50 * HOUR, 96 * HOUR) };
    default:
      return { kind };
  }
}

/** Who is booked when, how long each stays, which cases reach a detainer and what ICE does. */
function planYear(rng: Rng, bookings: SyntheticBooking[]): Plan[] {
  const times = bookings.map(() => START + HOUR + rng() * 362 * DAY).sort((a, b) => a - b);
  return bookings.map((b, i) => {
    const bookedAt = Math.floor(times[i]! / 1000) * 1000;
    const r = rng();
    const stay =
      r < 0.7 ? between(rng, 6 * HOUR, 5 * DAY) : r < 0.95 ? between(rng, 5 * DAY, 60 * DAY) : 400 * DAY;
    const releaseAt = bookedAt + stay;
    const adult = ageOn(b.person.dob, iso(bookedAt).slice(0, 10)) >= 18;
    const walk = adult && stay >= 2 * DAY && releaseAt < END - 3 * DAY && rng() < WALK_SHARE;
    const booking: SyntheticBooking = {
      bookingNumber: `SIM-${String(i + 1).padStart(6, '0')}`,
      facilityCode: 'MAIN',
      bookedAt: iso(bookedAt),
      person: b.person,
      charges: b.charges,
    };
    if (rng() < 0.5) booking.expectedReleaseAt = iso(releaseAt);
    return {
      booking,
      bookedAt,
      releaseAt,
      walkAt: walk ? bookedAt + between(rng, 2 * HOUR, Math.min(DAY, stay - 3 * HOUR)) : null,
      // A person under 18 is a hard stop: no delegated action, checks included.
      queries: rng() < QUERY_SHARE && adult,
      ice: walk ? icePlan(rng) : { kind: 'none' },
      caseId: null,
      holdEndsAt: null,
    };
  });
}

/** The officer and the ICE supervisor take a case to a served (effective) detainer. */
async function walkToDetainer(
  deps: Deps,
  w: Pick<World, 'officer' | 'supervisor'>,
  caseId: string,
  n: number,
) {
  const { officer, supervisor } = w;
  value(await assignCase(deps, officer, caseId, { assignee: 'self' }));
  value(await recordInterview(deps, officer, caseId, INTERVIEW));
  value(
    await recordDetermination(deps, officer, caseId, {
      outcome: 'removable',
      reason: 'Entered without inspection; no lawful status found.',
    }),
  );
  value(
    await submitI213(deps, officer, caseId, {
      narrative: 'Subject encountered at booking; admitted entry without inspection.',
    }),
  );
  value(await reviewI213(deps, supervisor, caseId, { decision: 'approved', reasons: '' }));
  value(
    await draftChargingDocument(deps, officer, caseId, {
      form: 'I-862',
      respondentClass: 'present_without_admission',
      allegations: ['You are not a citizen or national of the United States.'],
      charges: [{ provision: 'INA §212(a)(6)(A)(i)', description: 'Present without admission or parole' }],
      warrantlessArrest: false,
    }),
  );
  value(await signChargingDocument(deps, supervisor, caseId));
  value(await signWarrant(deps, supervisor, caseId, { form: 'I-200', number: `W-SIM-${n}` }));
  value(
    await draftDetainer(deps, officer, caseId, {
      basis: 'statements_or_evidence',
      basisNarrative: 'Sworn admission of entry without inspection, confirmed by EID.',
    }),
  );
  value(await approveDetainer(deps, supervisor, caseId));
  value(await serveDetainer(deps, officer, caseId, { language: 'Spanish' }));
}

async function requestChecks(deps: Deps, w: World, p: Plan) {
  const base = ['NCIC', 'EID', ...(p.booking.person.fingerprintId ? ['IDENT'] : [])];
  const withLesc = p.booking.person.placeOfBirth ? [...base, 'LESC'] : base;
  const r = await requestSystemQueries(deps, w.officer, p.caseId!, { systems: withLesc });
  if (!r.ok && r.error.code === 'invalid_input' && withLesc !== base)
    value(await requestSystemQueries(deps, w.officer, p.caseId!, { systems: base }));
  else value(r);
}

/** Runs the year in `dir`; `opened` always holds the store currently open, for the cleanup. */
async function simulateYear(dir: string, opened: { store: Store | null }): Promise<World> {
  const clock = fixedClock(iso(START));
  const sim = createSimulator({ seed: SEED, failureRate: 0.05, delay: noDelay });
  let store = await openStore({ dataDir: dir });
  opened.store = store;
  let deps: Deps = { db: store.db, clock, systems: sim };
  value(await seedDemo(deps, operator('test')));
  const users = await store.db
    .selectFrom('users')
    .select(['user_id', 'email', 'role', 'agency_id'])
    .execute();
  const actorFor = (email: string): Actor => {
    const u = users.find((x) => x.email === email)!;
    return { kind: 'user', id: u.user_id, role: u.role as Role, agencyId: u.agency_id };
  };
  const rng = seededRng(SEED);
  const bookings = syntheticBookings({
    seed: SEED,
    count: BOOKINGS,
    facilityCode: 'MAIN',
    start: new Date(START),
    population: sim.population,
  });
  const w: World = {
    dir,
    store,
    sim,
    clock,
    coordinator: actorFor('coordinator@demo.delegate.test'),
    officer: actorFor('officer@demo.delegate.test'),
    supervisor: actorFor('supervisor@demo.delegate.test'),
    plans: planYear(rng, bookings),
    attempts: [],
    restarts: [],
    lifted: 0,
  };
  const byCase = new Map<string, Plan>();
  const toRelease = [...w.plans].filter((p) => p.releaseAt < END).sort((a, b) => a.releaseAt - b.releaseAt);
  const toWalk = w.plans.filter((p) => p.walkAt !== null).sort((a, b) => a.walkAt! - b.walkAt!);
  const holds = new Set<Plan>();
  const veryLate: Plan[] = [];
  const gone = new Set<Plan>();
  const restartAt = RESTART_DAYS.map((d) => START + d * DAY);
  let booked = 0;
  let released = 0;
  let walked = 0;
  let now = START;

  const event = (p: Plan, kind: string, occurredAt: number) =>
    recordBookingEvent(deps, w.coordinator, p.booking.bookingNumber, { kind, occurredAt: iso(occurredAt) });
  const attempt = async (p: Plan) => {
    const r = await assumeCustody(deps, w.supervisor, p.caseId!, { receivingFacility: RECEIVING });
    w.attempts.push({
      caseId: p.caseId!,
      at: now,
      holdEndsAt: p.holdEndsAt!,
      running: holds.has(p),
      ok: r.ok,
      ruleId: r.ok ? null : (r.error.ruleId ?? r.error.code),
    });
    // Whatever the answer, ICE is done with this case; a refused person stays for the jail to release.
    p.ice = { kind: 'none' };
    if (r.ok) {
      holds.delete(p);
      gone.add(p);
    }
  };
  /** The jail reports that the person left its custody; once per person. */
  const leave = async (p: Plan) => {
    if (gone.has(p)) return;
    gone.add(p);
    holds.delete(p);
    value(await event(p, 'left_custody', now));
  };

  while (now < END) {
    now = Math.min(END, now + between(rng, STEP_MIN, STEP_MAX + 1));
    clock.set(iso(now));
    // A restart: only what is in the rows survives.
    if (restartAt.length && now >= restartAt[0]! && (holds.size > 0 || now >= restartAt[0]! + 20 * DAY)) {
      restartAt.shift();
      await store.close();
      opened.store = null;
      store = await openStore({ dataDir: dir });
      opened.store = store;
      w.store = store;
      deps = { db: store.db, clock, systems: sim };
      w.restarts.push({ at: now, holdsRunning: holds.size });
    }
    // The server's jobs.
    value(await fireDueTimers(deps));
    value(await processSystemQueries(deps));
    // The jail books people in; the officer runs checks on some.
    while (booked < w.plans.length && w.plans[booked]!.bookedAt <= now) {
      const p = w.plans[booked++]!;
      const r = value(await ingestBooking(deps, w.coordinator, p.booking));
      p.caseId = r.caseId;
      if (r.caseId) byCase.set(r.caseId, p);
      if (p.queries && p.caseId) await requestChecks(deps, w, p);
    }

    // The officer and ICE take cases to a served detainer.
    while (walked < toWalk.length && toWalk[walked]!.walkAt! <= now) {
      const p = toWalk[walked++]!;
      await walkToDetainer(deps, w, p.caseId!, walked);
    }

    // Release moments: on a served detainer the hold starts, otherwise the person leaves.
    const leaving: Plan[] = [];
    let taskExpected = false;
    while (released < toRelease.length && toRelease[released]!.releaseAt <= now) {
      const p = toRelease[released++]!;
      const r = value(await event(p, pick(rng, RELEASE_EVENTS), p.releaseAt));
      if (r.caseStatus === 'hold_running') {
        p.holdEndsAt = Date.parse(r.holdEndsAt!);
        holds.add(p);
        continue;
      }
      // Released as usual. (Only departures on a detainer are reported here: the others change
      // nothing the year checks, and a left-custody event for each would cost a tenth of the run.)
      if (p.walkAt === null) continue;
      // A refused hold comes with a mandatory-release task the jail will see.
      taskExpected = true;
      leaving.push(p);
    }

    // ICE, on the holds it knows about.
    for (const p of [...holds]) {
      const since = now - p.releaseAt;
      if (p.ice.kind === 'assume' && since >= p.ice.after) await attempt(p);
      else if (p.ice.kind === 'late' && now >= p.holdEndsAt!) await attempt(p);
      else if (p.ice.kind === 'very_late' && !veryLate.includes(p)) veryLate.push(p);
      else if (p.ice.kind === 'lift' && since >= p.ice.after) {
        value(await liftDetainer(deps, w.supervisor, p.caseId!, { reason: p.ice.reason, note: '' }));
        leaving.push(p);
        w.lifted++;
      }
    }
    for (const p of [...veryLate]) {
      if (p.ice.kind !== 'very_late' || now - p.releaseAt < p.ice.after) continue;
      veryLate.splice(veryLate.indexOf(p), 1);
      await attempt(p);
    }

    // The jail releases whoever must go: mandatory-release tasks first, then the usual releases.
    if (holds.size > 0 || taskExpected) {
      const tasks = value(await listTasks(deps, w.coordinator)).filter((t) => t.kind === 'mandatory_release');
      for (const t of tasks) await leave(byCase.get(t.caseId!)!);
    }
    for (const p of leaving) await leave(p);
  }
  return w;
}

describe('a release the jail reports after the 48 hours', () => {
  let j: JemWorld;
  beforeAll(async () => {
    j = await jemWorld('pglite');
  });
  afterAll(async () => j.t.close());

  it('starts no hold, tells the jail to release now, and the departure closes that task', async () => {
    const { t, coordinator } = j;
    const b = value(await ingestBooking(t.deps, coordinator, booking()));
    await walkToDetainer(t.deps, j, b.caseId!, 0);
    t.clock.set('2026-12-02T12:00:00Z');
    const late = value(
      await recordBookingEvent(t.deps, coordinator, b.bookingNumber, {
        kind: 'court_order',
        occurredAt: '2026-11-30T09:00:00Z',
      }),
    );
    expect(late).toMatchObject({ caseStatus: 'closed', holdEndsAt: null });
    const kase = await t.store.db
      .selectFrom('cases')
      .select(['outcome', 'hold_started_at'])
      .where('case_id', '=', b.caseId!)
      .executeTakeFirstOrThrow();
    expect(kase).toEqual({ outcome: 'released_no_hold_permitted', hold_started_at: null });
    const task = () =>
      t.store.db
        .selectFrom('case_tasks')
        .select(['status'])
        .where('case_id', '=', b.caseId!)
        .where('kind', '=', 'mandatory_release')
        .execute();
    expect(await task()).toEqual([{ status: 'open' }]);
    value(
      await recordBookingEvent(t.deps, coordinator, b.bookingNumber, {
        kind: 'left_custody',
        occurredAt: '2026-12-02T12:00:00Z',
      }),
    );
    expect(await task()).toEqual([{ status: 'done' }]);
    expect(await t.store.db.selectFrom('case_timers').select('timer_id').execute()).toEqual([]);
  });
});

describe('a simulated year of JEM casework on PGlite, with restarts', () => {
  let w: World;
  let db: Store['db'];
  let dir = '';
  const opened: { store: Store | null } = { store: null };
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'delegate-simulated-year-'));
    w = await simulateYear(dir, opened);
    db = w.store.db;
  }, 600_000);
  afterAll(async () => {
    await opened.store?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const holdCases = () =>
    db
      .selectFrom('cases as c')
      .innerJoin('bookings as b', 'b.booking_id', 'c.booking_id')
      .select([
        'c.case_id as caseId',
        'c.status',
        'c.outcome',
        'c.record',
        'c.hold_started_at as startedAt',
        'c.hold_ends_at as endsAt',
        'c.closed_at as closedAt',
        'b.left_custody_at as leftAt',
      ])
      .where('c.hold_started_at', 'is not', null)
      .execute();

  it('ran the year it claims: thousands of bookings, holds of every ending, restarts mid-hold', async () => {
    const cases = await db.selectFrom('cases').select(['outcome']).execute();
    expect(cases.length).toBeGreaterThanOrEqual(BOOKINGS);
    const holds = await holdCases();
    const outcomes = (o: string) => holds.filter((h) => h.outcome === o).length;
    expect(holds.length).toBeGreaterThanOrEqual(30);
    expect(outcomes('ice_assumed_custody')).toBeGreaterThanOrEqual(8);
    expect(outcomes('detainer_lifted')).toBe(w.lifted);
    expect(w.lifted).toBeGreaterThanOrEqual(2);
    expect(outcomes('released_at_hold_limit')).toBeGreaterThanOrEqual(5);
    expect(w.restarts.length).toBe(RESTART_DAYS.length);
    expect(w.restarts.some((r) => r.holdsRunning > 0)).toBe(true);
  });

  it('holds no one past 48 hours: every hold ends 48 hours after release and the person leaves within one step', async () => {
    const end = new Date(END);
    for (const h of await holdCases()) {
      expect(h.endsAt!.getTime() - h.startedAt!.getTime()).toBe(48 * HOUR);
      // Only an effective (approved and served) detainer carries a hold.
      const served = (h.record as CaseRecord).detainer?.served?.at;
      expect(served && Date.parse(served) <= h.startedAt!.getTime()).toBe(true);
      if (h.status === 'hold_running') {
        // Still within its 48 hours when the year ended.
        expect(h.leftAt).toBeNull();
        expect(end.getTime()).toBeLessThan(h.endsAt!.getTime() + STEP_MAX);
        continue;
      }
      expect(h.leftAt).not.toBeNull();
      expect(h.leftAt!.getTime()).toBeLessThanOrEqual(h.endsAt!.getTime() + STEP_MAX);
      if (h.outcome === 'ice_assumed_custody')
        expect(h.closedAt!.getTime()).toBeLessThan(h.endsAt!.getTime());
    }
  });

  it('fires every timer once, within one step of its instant, or cancels it before it is due', async () => {
    const timers = await db.selectFrom('case_timers').selectAll().execute();
    expect(timers.length).toBeGreaterThan(0);
    for (const t of timers) {
      if (t.fired_at) {
        expect(t.due_at.getTime()).toBeLessThanOrEqual(END);
        expect(t.fired_at.getTime() - t.due_at.getTime()).toBeGreaterThanOrEqual(0);
        expect(t.fired_at.getTime() - t.due_at.getTime()).toBeLessThanOrEqual(STEP_MAX);
        expect(t.cancelled_at).toBeNull();
      } else if (t.due_at.getTime() <= END) {
        expect(t.cancelled_at).not.toBeNull();
        expect(t.cancelled_at!.getTime()).toBeLessThan(t.due_at.getTime());
      }
    }
    expect(timers.filter((t) => t.fired_at).length).toBeGreaterThan(0);
    expect(timers.filter((t) => t.cancelled_at).length).toBeGreaterThan(0);
  });

  it('sends the 24, 36 and 44-hour alerts and the 48-hour release to ICE and the jail, each once and on time', async () => {
    const holds = await holdCases();
    const notices = await db
      .selectFrom('notifications')
      .select(['case_id', 'kind', 'recipient_role', 'subject', 'created_at'])
      .where('kind', 'in', ['hold_alert', 'hold_limit'])
      .execute();
    const tasks = await db
      .selectFrom('case_tasks')
      .select(['case_id', 'status', 'due_at', 'created_at'])
      .where('kind', '=', 'mandatory_release')
      .execute();
    for (const h of holds) {
      const mine = notices.filter((n) => n.case_id === h.caseId);
      const until = h.closedAt?.getTime() ?? END;
      let expected = 0;
      for (const hours of [24, 36, 44, 48]) {
        const due = h.startedAt!.getTime() + hours * HOUR;
        const sent = mine.filter((n) =>
          hours === 48 ? n.kind === 'hold_limit' : n.subject.startsWith(`${hours} hours of the hold`),
        );
        if (due > until) {
          expect(sent).toEqual([]);
          continue;
        }
        expected += 2;
        expect(sent.map((n) => n.recipient_role).sort()).toEqual(['ice_supervisor', 'lea_admin']);
        for (const n of sent) {
          expect(n.created_at.getTime()).toBeGreaterThanOrEqual(due);
          expect(n.created_at.getTime() - due).toBeLessThanOrEqual(STEP_MAX);
        }
        if (hours === 48) {
          const release = tasks.filter((t) => t.case_id === h.caseId);
          expect(release).toHaveLength(1);
          expect(release[0]!.due_at!.getTime()).toBe(h.endsAt!.getTime());
          expect(release[0]!.created_at.getTime() - due).toBeLessThanOrEqual(STEP_MAX);
          expect(release[0]!.status).toBe('done');
        }
      }
      expect(mine).toHaveLength(expected);
    }
    // No mandatory release is left undone by the jail.
    expect(tasks.filter((t) => t.status !== 'done')).toEqual([]);
  });

  it('lets ICE assume custody before the hold ends and refuses it after, citing the 48-hour limit', async () => {
    const before = w.attempts.filter((a) => a.at < a.holdEndsAt);
    const after = w.attempts.filter((a) => a.at >= a.holdEndsAt);
    expect(before.length).toBeGreaterThan(0);
    expect(after.filter((a) => a.running).length).toBeGreaterThan(0);
    for (const a of before) expect(a).toMatchObject({ ok: true });
    for (const a of after) expect(a.ok).toBe(false);
    for (const a of after.filter((x) => x.running)) expect(a.ruleId).toBe('hold.48-hour-limit');
    // Arriving after the jail released the person, there is nothing left to assume either.
    expect(after.filter((a) => !a.running).length).toBeGreaterThan(0);
  });

  it('loses no query to a restart or a failure: each is answered or finally failed', async () => {
    const queries = await db.selectFrom('system_queries').select(['state', 'attempts', 'retry_at']).execute();
    expect(queries.length).toBeGreaterThan(100);
    const stuck = queries.filter(
      (q) => (q.state === 'requested' || q.state === 'attempted') && q.retry_at!.getTime() <= END - STEP_MAX,
    );
    expect(stuck).toEqual([]);
    expect(queries.filter((q) => q.state === 'answered' && q.attempts > 1).length).toBeGreaterThan(0);
  });

  it('records each alert once in the audit trail, and the chain verifies', async () => {
    const fired = await db
      .selectFrom('case_timers')
      .select(['kind'])
      .where('fired_at', 'is not', null)
      .execute();
    const audited = await db
      .selectFrom('audit_events')
      .select(['type'])
      .where('type', 'in', ['case.hold_alert', 'case.hold_limit_reached'])
      .execute();
    const count = (xs: Array<{ type: string }>, type: string) => xs.filter((x) => x.type === type).length;
    expect(count(audited, 'case.hold_limit_reached')).toBe(fired.filter((f) => f.kind === 'hold_48h').length);
    expect(count(audited, 'case.hold_alert')).toBe(fired.filter((f) => f.kind !== 'hold_48h').length);
    const chain = await verifyAuditChain(db);
    expect(chain.ok).toBe(true);
  });
});
