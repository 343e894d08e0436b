/**
 * Security operations: accounts unused for 90 days are disabled and their sessions end (R13,
 * R8); the account review report; a burst of lockouts raises one incident (R41); the integrity
 * job catches a tampered chain and raises an incident (R38); the clock guard (R22).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../src/app/accounts/create-user.ts';
import { checkClock } from '../../src/app/security/check-clock.ts';
import { checkIntegrity } from '../../src/app/security/check-integrity.ts';
import { disableAccount, endUserSessions } from '../../src/app/security/disable-account.ts';
import { disableInactiveAccounts } from '../../src/app/security/disable-inactive-accounts.ts';
import { reviewAccounts } from '../../src/app/security/review-accounts.ts';
import { shipAudit } from '../../src/app/security/ship-audit.ts';
import { watchIncidents } from '../../src/app/security/watch-incidents.ts';
import { type Actor, operator } from '../../src/domain/actor.ts';
import type { AuditShipper } from '../../src/domain/audit-shipping.ts';
import { fileAuditShipper } from '../../src/integrations/audit/file-audit-shipper.ts';
import { insertSession } from '../../src/store/accounts.ts';
import { appendAudit } from '../../src/store/audit.ts';
import type { Tx } from '../../src/store/db.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';

const OPERATOR = operator('test-operator');
const OFFICER: Actor = { kind: 'user', id: 'u-officer', role: 'lea_officer', agencyId: null };
const DAY = 86_400_000;
const PASSWORD = 'tidal-quarry-marmot-5521';

describe.each(backends())('security operations on %s', (backend) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await freshDb(backend, '2026-01-01T00:00:00Z');
  });
  afterEach(async () => {
    await t.close();
  });

  const user = async (email: string) => {
    const r = await createUser(t.deps, OPERATOR, {
      email,
      displayName: email.split('@')[0]!,
      role: 'program_office',
      agencyId: null,
      password: PASSWORD,
    });
    if (!r.ok) throw new Error(r.error.userMessage);
    return r.value.userId;
  };
  const session = (userId: string, token: string, lastSeen: Date) =>
    t.store.db
      .transaction()
      .execute((tx) =>
        insertSession(tx, token, userId, lastSeen, new Date(lastSeen.getTime() + 12 * 3_600_000)),
      );
  const auditTypes = async () =>
    (
      await t.store.db.selectFrom('audit_events').select(['type', 'outcome', 'data']).orderBy('seq').execute()
    ).map((r) => r.type);

  it('disables accounts unused for 90 days, ends their sessions, once', async () => {
    const never = await user('never.signed.in@example.test');
    const active = await user('recently.active@example.test');
    t.clock.advance(80 * DAY);
    await session(active, 'a'.repeat(64), t.clock.now());

    t.clock.advance(10 * DAY); // day 90 for `never`, day 10 for `active`
    const first = await disableInactiveAccounts(t.deps, OPERATOR);
    expect(first.ok && first.value.disabled).toEqual([
      { email: 'never.signed.in@example.test', idleDays: 90 },
    ]);

    t.clock.advance(80 * DAY); // `active` last seen 90 days ago
    const second = await disableInactiveAccounts(t.deps, OPERATOR);
    expect(second.ok && second.value.disabled).toEqual([
      { email: 'recently.active@example.test', idleDays: 90 },
    ]);
    const s = await t.store.db
      .selectFrom('sessions')
      .select(['ended_at'])
      .where('user_id', '=', active)
      .execute();
    expect(s.every((r) => r.ended_at !== null)).toBe(true);

    const third = await disableInactiveAccounts(t.deps, OPERATOR);
    expect(third.ok && third.value.disabled).toEqual([]);
    const users = await t.store.db.selectFrom('users').select(['user_id', 'disabled_at']).execute();
    expect(
      users.filter((u) => [never, active].includes(u.user_id)).every((u) => u.disabled_at !== null),
    ).toBe(true);
    expect((await auditTypes()).filter((x) => x === 'user.disabled')).toHaveLength(2);
  });

  it('refuses an officer and changes nothing', async () => {
    await user('idle@example.test');
    t.clock.advance(200 * DAY);
    const r = await disableInactiveAccounts(t.deps, OFFICER);
    expect(r.ok).toBe(false);
    const users = await t.store.db.selectFrom('users').select('disabled_at').execute();
    expect(users.every((u) => u.disabled_at === null)).toBe(true);
    const review = await reviewAccounts(t.deps, OFFICER, 'csv');
    expect(review.ok).toBe(false);
  });

  it('produces the account review with status and idle days, and audits it', async () => {
    await user('b.reviewer@example.test');
    const a = await user('a.reviewer@example.test');
    await t.store.db
      .updateTable('users')
      .set({ locked_at: t.clock.now() })
      .where('user_id', '=', a)
      .execute();
    t.clock.advance(3 * DAY);
    const r = await reviewAccounts(t.deps, OPERATOR, 'json');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.map((x) => [x.email, x.status, x.daysInactive, x.lastActiveAt])).toEqual([
      ['a.reviewer@example.test', 'locked', 3, null],
      ['b.reviewer@example.test', 'active', 3, null],
    ]);
    expect(await auditTypes()).toContain('accounts.reviewed');
  });

  const lockouts = (n: number) =>
    t.store.db.transaction().execute(async (tx: Tx) => {
      for (let i = 0; i < n; i++)
        await appendAudit(tx, OPERATOR, t.clock.now(), {
          type: 'user.locked',
          resource: { type: 'user', id: `u-${i}` },
          data: { failures: 5, windowMinutes: 15 },
        });
    });
  const incidents = () =>
    t.store.db
      .selectFrom('notifications')
      .select(['recipient_role', 'subject'])
      .where('subject', 'like', 'Security incident%')
      .execute();

  it('raises one lockout-burst incident at 10 lockouts in 15 minutes, not at 9, not twice in the hour', async () => {
    await lockouts(9);
    expect((await watchIncidents(t.deps, OPERATOR)).ok).toBe(true);
    expect(await incidents()).toEqual([]);
    await lockouts(1);
    const r = await watchIncidents(t.deps, OPERATOR);
    expect(r.ok && r.value.raised).toEqual(['lockout_burst']);
    expect(await incidents()).toEqual([
      {
        recipient_role: 'program_office',
        subject: 'Security incident: many accounts locked in a short time',
      },
    ]);
    t.clock.advance(10 * 60_000);
    expect((await watchIncidents(t.deps, OPERATOR)).ok && (await incidents()).length).toBe(1);
    t.clock.advance(16 * 60_000); // the burst left the window
    const later = await watchIncidents(t.deps, OPERATOR);
    expect(later.ok && later.value.raised).toEqual([]);
  });

  it('passes the integrity check on an intact chain and raises an incident on a tampered one', async () => {
    await user('someone@example.test');
    const good = await checkIntegrity(t.deps, OPERATOR, { kind: backend });
    expect(good.ok && good.value.ok).toBe(true);
    if (good.ok && backend === 'postgres') expect(good.value.checksums?.failures).toBe(0);

    await t.store.db.transaction().execute(async (tx) => {
      await sql`ALTER TABLE audit_events DISABLE TRIGGER USER`.execute(tx);
      await sql`UPDATE audit_events SET actor_id = 'operator:someone-else' WHERE seq = 1`.execute(tx);
      await sql`ALTER TABLE audit_events ENABLE TRIGGER USER`.execute(tx);
    });
    const bad = await checkIntegrity(t.deps, OPERATOR, {
      kind: backend,
      amcheck: async () => ({ ran: true, ok: true, detail: 'no corruption found' }),
    });
    expect(bad.ok && bad.value.ok).toBe(false);
    expect(bad.ok && bad.value.chain.problem).toMatch(/^row 1:/);
    const notices = await incidents();
    expect(notices.map((n) => n.subject)).toEqual(['Security incident: the audit chain does not verify']);
    const last = await t.store.db
      .selectFrom('audit_events')
      .select(['type', 'outcome'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(last).toEqual({ type: 'integrity.checked', outcome: 'failed' });
  });

  it('fails the integrity check when pg_amcheck reports corruption', async () => {
    const r = await checkIntegrity(t.deps, OPERATOR, {
      kind: backend,
      amcheck: async () => ({
        ran: true,
        ok: false,
        detail: 'heap table "public.cases", block 7: invalid line pointer',
      }),
    });
    expect(r.ok && r.value.ok).toBe(false);
    expect((await incidents()).map((n) => n.subject)).toEqual([
      'Security incident: the integrity check failed',
    ]);
  });

  it('accepts clocks that agree with the database and refuses a skew over one second', async () => {
    const agree = await checkClock({ ...t.deps, clock: { now: () => new Date() } });
    expect(agree.ok).toBe(true);
    const skewed = await checkClock({ ...t.deps, clock: { now: () => new Date(Date.now() + 5_000) } });
    expect(skewed.ok).toBe(false);
    expect(!skewed.ok && skewed.error.userMessage).toMatch(/differs from the database clock by \d+ ms/);
  });
});

describe.each(backends())('audit shipping on %s', (backend) => {
  let t: TestDb;
  let dir: string;
  beforeEach(async () => {
    t = await freshDb(backend, '2026-01-01T00:00:00Z');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'delegate-ship-'));
  });
  afterEach(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const write = (n: number) =>
    t.store.db.transaction().execute(async (tx) => {
      for (let i = 0; i < n; i++)
        await appendAudit(tx, OPERATOR, t.clock.now(), {
          type: 'user.unlocked',
          resource: { type: 'user', id: `u-${i}` },
          data: {},
        });
    });
  const shippedLines = () =>
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').trim().split('\n'))
      .map((l) => JSON.parse(l) as { seq: number; hash: string; prev_hash: string });

  it('copies every row once, in order, with its hashes, resuming from the mark', async () => {
    const shipper = fileAuditShipper(dir);
    const deps = { ...t.deps, auditShipper: shipper };
    await write(7);
    const first = await shipAudit(deps, OPERATOR);
    expect(first.ok && first.value).toEqual({ shipped: 7, through: 7, lagging: false });
    await write(3);
    const second = await shipAudit(deps, OPERATOR);
    expect(second.ok && second.value).toEqual({ shipped: 3, through: 10, lagging: false });
    const lines = shippedLines();
    expect(lines.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.prev_hash).toBe(lines[i - 1]!.hash);
  });

  it('raises an audit-pipeline incident only once shipping lags by more than 15 minutes', async () => {
    const broken: AuditShipper = {
      location: '/unreachable',
      shippedThrough: async () => 0,
      append: async () => {
        throw new Error('log host unreachable');
      },
    };
    const deps = { ...t.deps, auditShipper: broken };
    await write(2);
    const early = await shipAudit(deps, OPERATOR);
    expect(early.ok && early.value.lagging).toBe(false);
    t.clock.advance(16 * 60_000);
    const late = await shipAudit(deps, OPERATOR);
    expect(late.ok && late.value.lagging).toBe(true);
    const notices = await t.store.db.selectFrom('notifications').select('subject').execute();
    expect(notices.map((n) => n.subject)).toEqual(['Security incident: the audit pipeline is failing']);
  });
});

describe.each(backends())('administrator termination on %s', (backend) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await freshDb(backend, '2026-01-01T00:00:00Z');
  });
  afterEach(async () => {
    await t.close();
  });

  it('disables an account and ends its sessions; ends sessions alone; refuses bad input and officers', async () => {
    const created = await createUser(t.deps, OPERATOR, {
      email: 'leaving@example.test',
      displayName: 'Leaving',
      role: 'program_office',
      agencyId: null,
      password: PASSWORD,
    });
    if (!created.ok) throw new Error(created.error.userMessage);
    const id = created.value.userId;
    const open = (token: string) =>
      t.store.db
        .transaction()
        .execute((tx) =>
          insertSession(tx, token, id, t.clock.now(), new Date(t.clock.now().getTime() + 3_600_000)),
        );
    await open('b'.repeat(64));
    await open('c'.repeat(64));
    const ended = await endUserSessions(t.deps, OPERATOR, { email: 'LEAVING@example.test' });
    expect(ended.ok && ended.value.sessions).toBe(2);
    await open('d'.repeat(64));

    expect(
      (
        await disableAccount(t.deps, OFFICER, {
          email: 'leaving@example.test',
          reason: 'terminated',
          detail: 'x',
        })
      ).ok,
    ).toBe(false);
    const blank = await disableAccount(t.deps, OPERATOR, {
      email: 'leaving@example.test',
      reason: 'terminated',
      detail: ' ',
    });
    expect(!blank.ok && blank.error.code).toBe('invalid_input');
    const missing = await disableAccount(t.deps, OPERATOR, {
      email: 'nobody@example.test',
      reason: 'terminated',
      detail: 'left',
    });
    expect(!missing.ok && missing.error.code).toBe('not_found');
    const open_ = await t.store.db
      .selectFrom('sessions')
      .select('ended_at')
      .where('ended_at', 'is', null)
      .execute();
    expect(open_).toHaveLength(1); // nothing changed by the refusals

    const done = await disableAccount(t.deps, OPERATOR, {
      email: 'leaving@example.test',
      reason: 'terminated',
      detail: 'left the agency',
    });
    expect(done.ok).toBe(true);
    expect(
      await t.store.db.selectFrom('sessions').select('ended_at').where('ended_at', 'is', null).execute(),
    ).toEqual([]);
    const again = await disableAccount(t.deps, OPERATOR, {
      email: 'leaving@example.test',
      reason: 'terminated',
      detail: 'twice',
    });
    expect(!again.ok && again.error.code).toBe('conflict');
  });
});
