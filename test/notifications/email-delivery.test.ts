/**
 * Email copies of notices, through a real SMTP exchange with a local sink: who receives what and
 * when (the injected clock), what the outbox records, a relay that is down, a recipient the relay
 * refuses, a crash between claim and send, and rows too old to send. PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fireDueTimers } from '../../src/app/casework/fire-due-timers.ts';
import type { Deps } from '../../src/app/deps.ts';
import { DELIVERY, deliverEmail, retryAt, retryOffsetMs } from '../../src/app/notifications/deliver-email.ts';
import { smtpMailer } from '../../src/integrations/email/smtp-mailer.ts';
import { claimDueEmails, outboxOf } from '../../src/store/notifications.ts';
import { type JemWorld, jemWorld, value } from '../casework/support.ts';
import { backends } from '../support/db.ts';
import { addUser, noticeKinds, otherAgencyId, returnI213, toHold, toReview } from './flow.ts';
import { type SmtpSink, startSmtpSink } from './smtp-sink.ts';

const SUPERVISOR = 'supervisor@demo.delegate.test';
const COORDINATOR = 'coordinator@demo.delegate.test';
const OFFICER = 'officer@demo.delegate.test';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const SUPERVISOR2 = 'supervisor2@ice.delegate.test';
const OTHER_AGENCY = ['admin@other.delegate.test', 'officer@other.delegate.test'];
const OFFICER2 = 'officer2@demo.delegate.test';

describe.each(backends())('email delivery on %s', (backend) => {
  let w: JemWorld;
  let sink: SmtpSink;
  let deps: Deps;

  // One world per backend: two ICE supervisors, a second officer of the agency, and the
  // coordinator and an officer of another agency. Each test starts with an empty outbox and sink.
  beforeAll(async () => {
    w = await jemWorld(backend);
    sink = await startSmtpSink(() => w.t.clock.now());
    deps = { ...w.t.deps, mailer: smtpMailer(sink.url, { timeoutMs: 2000 }) };
    const other = await otherAgencyId(w);
    await addUser(w.t.deps, { email: SUPERVISOR2, role: 'ice_supervisor', agencyId: null });
    await addUser(w.t.deps, { email: OFFICER2, role: 'lea_officer', agencyId: w.agencyId });
    await addUser(w.t.deps, { email: OTHER_AGENCY[0]!, role: 'lea_admin', agencyId: other });
    await addUser(w.t.deps, { email: OTHER_AGENCY[1]!, role: 'lea_officer', agencyId: other });
  });
  afterAll(async () => {
    await sink?.close();
    await w?.t.close();
  });
  beforeEach(async () => {
    await w.t.store.db.deleteFrom('email_outbox').execute();
    sink.received.length = 0;
    sink.refuse.clear();
  });

  /** The outbox rows of one case's notices of one kind. */
  const rowsOf = async (caseId: string, kind: string) => {
    const kinds = await noticeKinds(deps, caseId);
    const ids = [...kinds].filter(([, k]) => k === kind).map(([id]) => id);
    return outboxOf(deps.db, ids);
  };

  it('refuses to run without a mailer, and the queued emails wait', async () => {
    const ref = await toReview(w);
    const refused = await deliverEmail(w.t.deps);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('unavailable');
    const rows = await rowsOf(ref.caseId, 'review_request');
    expect(rows.map((r) => [r.recipient, r.attempts, r.sentAt]).sort()).toEqual(
      [
        [SUPERVISOR, 0, null],
        [SUPERVISOR2, 0, null],
      ].sort(),
    );
    expect(sink.received).toEqual([]);
  });

  it('a relay that is down leaves rows unsent with an attempt, the error and a retry time; later each is sent once', async () => {
    const dead = await startSmtpSink(() => w.t.clock.now());
    await dead.close();
    const down: Deps = { ...w.t.deps, mailer: smtpMailer(dead.url, { timeoutMs: 2000 }) };
    const ref = await toReview(w);
    const queuedAt = w.t.clock.now();

    expect(value(await deliverEmail(down))).toEqual({ sent: 0, failed: 2 });
    let rows = await rowsOf(ref.caseId, 'review_request');
    for (const row of rows) {
      expect(row).toMatchObject({ attempts: 1, sentAt: null });
      expect(row.lastError).toBeTruthy();
      expect(retryAt(row, w.t.clock.now())).toEqual(new Date(queuedAt.getTime() + MINUTE));
    }

    // Not due yet: neither a second run now nor one 30 s later makes another attempt.
    expect(value(await deliverEmail(down))).toEqual({ sent: 0, failed: 0 });
    w.t.clock.advance(30_000);
    expect(value(await deliverEmail(deps))).toEqual({ sent: 0, failed: 0 });
    rows = await rowsOf(ref.caseId, 'review_request');
    expect(rows.map((r) => r.attempts)).toEqual([1, 1]);

    // The relay is back and the retry time has come: each sent once, at the clock's time.
    w.t.clock.advance(30_000);
    const sentAt = w.t.clock.now();
    expect(value(await deliverEmail(deps))).toEqual({ sent: 2, failed: 0 });
    expect(value(await deliverEmail(deps))).toEqual({ sent: 0, failed: 0 });
    w.t.clock.advance(HOUR);
    expect(value(await deliverEmail(deps))).toEqual({ sent: 0, failed: 0 });
    rows = await rowsOf(ref.caseId, 'review_request');
    for (const row of rows) expect(row).toMatchObject({ attempts: 2, sentAt, lastError: null });
    expect(sink.received.flatMap((m) => m.to).sort()).toEqual([SUPERVISOR, SUPERVISOR2].sort());
    expect(sink.received.map((m) => m.at)).toEqual([sentAt, sentAt]);
  });

  it('a recipient the relay refuses fails only its own row, and is given up after the attempt limit', async () => {
    sink.refuse.add(SUPERVISOR2);
    const ref = await toReview(w);
    const policy = { maxAttempts: 3 };
    expect(value(await deliverEmail(deps, policy))).toEqual({ sent: 1, failed: 1 });
    for (const wait of [MINUTE, 2 * MINUTE]) {
      w.t.clock.advance(wait);
      expect(value(await deliverEmail(deps, policy))).toEqual({ sent: 0, failed: 1 });
    }
    w.t.clock.advance(HOUR);
    expect(value(await deliverEmail(deps, policy))).toEqual({ sent: 0, failed: 0 });
    const rows = await rowsOf(ref.caseId, 'review_request');
    const refused = rows.find((r) => r.recipient === SUPERVISOR2)!;
    expect(refused).toMatchObject({ attempts: 3, sentAt: null });
    expect(refused.lastError).toMatch(/550/);
    expect(retryAt(refused, w.t.clock.now(), { ...DELIVERY, ...policy })).toBeNull();
    expect(rows.find((r) => r.recipient === SUPERVISOR)).toMatchObject({ attempts: 1, lastError: null });
    expect(sink.received.map((m) => m.to)).toEqual([[SUPERVISOR]]);
  });

  it('an attempt cut short after its claim is not lost: the row is sent once at its retry time', async () => {
    const ref = await toReview(w);
    const offsetsMs = Array.from({ length: DELIVERY.maxAttempts }, (_, k) => retryOffsetMs(k));
    // A deliverer claims the rows and dies before sending.
    const claimed = await w.t.store.db
      .transaction()
      .execute((tx) =>
        claimDueEmails(tx, w.t.clock.now(), { offsetsMs, maxAgeMs: DELIVERY.maxAgeMs, limit: 10 }),
      );
    expect(claimed.map((r) => r.attempts)).toEqual([1, 1]);
    expect(value(await deliverEmail(deps))).toEqual({ sent: 0, failed: 0 });
    w.t.clock.advance(MINUTE);
    expect(value(await deliverEmail(deps))).toEqual({ sent: 2, failed: 0 });
    expect(value(await deliverEmail(deps))).toEqual({ sent: 0, failed: 0 });
    expect(sink.received).toHaveLength(2);
    const rows = await rowsOf(ref.caseId, 'review_request');
    for (const row of rows) expect(row).toMatchObject({ attempts: 2, sentAt: w.t.clock.now() });
  });

  it('never sends a row older than the maximum age', async () => {
    const ref = await toReview(w);
    w.t.clock.advance(DELIVERY.maxAgeMs + MINUTE);
    expect(value(await deliverEmail(deps))).toEqual({ sent: 0, failed: 0 });
    const rows = await rowsOf(ref.caseId, 'review_request');
    for (const row of rows) {
      expect(row).toMatchObject({ attempts: 0, sentAt: null });
      expect(retryAt(row, new Date(row.createdAt.getTime() + DELIVERY.maxAgeMs))).toEqual(row.createdAt);
      expect(retryAt(row, w.t.clock.now())).toBeNull();
    }
    expect(sink.received).toEqual([]);
  });

  it('sends review requests to every ICE supervisor and a return to its officer alone, each once, at the clock time', async () => {
    const ref = await toReview(w, deps);
    const first = w.t.clock.now();
    expect(value(await deliverEmail(deps))).toEqual({ sent: 2, failed: 0 });
    expect(sink.received.flatMap((m) => m.to).sort()).toEqual([SUPERVISOR, SUPERVISOR2].sort());
    for (const review of sink.received) {
      expect(review.subject).toBe(`Delegate: I-213 for case ${ref.caseNumber} awaits your review`);
      expect(review.at).toEqual(first);
      // The body points to the inbox; the priority explanation and narratives stay in Delegate.
      expect(review.text).toMatch(/Sign in to Delegate/);
      expect(review.text).not.toMatch(/Tier|NCIC|Tobias/);
    }
    const reviewRows = await rowsOf(ref.caseId, 'review_request');
    for (const row of reviewRows) expect(row).toMatchObject({ sentAt: first, attempts: 1, lastError: null });

    w.t.clock.advance(10 * MINUTE);
    await returnI213(w, ref, deps);
    expect(value(await deliverEmail(deps))).toEqual({ sent: 1, failed: 0 });
    const returned = sink.received[2]!;
    expect(returned.to).toEqual([OFFICER]);
    expect(returned.subject).toBe(`Delegate: I-213 for case ${ref.caseNumber} returned`);
    expect(returned.at).toEqual(w.t.clock.now());
    expect(value(await deliverEmail(deps))).toEqual({ sent: 0, failed: 0 });
    const everyone = sink.received.flatMap((m) => m.to);
    expect(everyone).toHaveLength(3);
    expect(everyone).not.toContain(OFFICER2);
    expect(everyone.filter((a) => OTHER_AGENCY.includes(a))).toEqual([]);
  });

  it('hold-clock alerts reach ICE and the jail once the clock passes 24 hours, not before', async () => {
    const ref = await toReview(w, deps);
    const { holdEndsAt } = await toHold(w, ref, deps);
    const releasedAt = Date.parse(holdEndsAt) - 48 * HOUR;
    value(await deliverEmail(deps));
    const started = sink.received.filter((m) =>
      m.subject.startsWith(`Delegate: Hold clock started on case ${ref.caseNumber}`),
    );
    expect(started.flatMap((m) => m.to).sort()).toEqual([COORDINATOR, SUPERVISOR, SUPERVISOR2].sort());
    const before = sink.received.length;

    w.t.clock.set(new Date(releasedAt + 24 * HOUR - MINUTE).toISOString());
    expect(value(await fireDueTimers(deps)).fired).toBe(0);
    expect(value(await deliverEmail(deps))).toEqual({ sent: 0, failed: 0 });
    expect(sink.received).toHaveLength(before);

    w.t.clock.set(new Date(releasedAt + 24 * HOUR + 30_000).toISOString());
    const alertAt = w.t.clock.now();
    expect(value(await fireDueTimers(deps)).fired).toBe(1);
    expect(value(await deliverEmail(deps))).toEqual({ sent: 3, failed: 0 });
    const alerts = sink.received.slice(before);
    for (const m of alerts) {
      expect(m.subject).toBe(`Delegate: 24 hours of the hold on case ${ref.caseNumber} have passed`);
      expect(m.at).toEqual(alertAt);
    }
    expect(alerts.flatMap((m) => m.to).sort()).toEqual([COORDINATOR, SUPERVISOR, SUPERVISOR2].sort());
    const rows = await rowsOf(ref.caseId, 'hold_alert');
    expect(rows.map((r) => r.sentAt)).toEqual([alertAt, alertAt, alertAt]);
    const everyone = sink.received.flatMap((m) => m.to);
    expect(everyone).not.toContain(OFFICER2);
    expect(everyone.filter((a) => OTHER_AGENCY.includes(a))).toEqual([]);
  });
});
