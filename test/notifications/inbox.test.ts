/**
 * The in-app inbox through its use cases, on PGlite and PostgreSQL: who sees which notice (the
 * addressed user; the role within its agency for agency roles, across agencies for ICE), newest
 * first, unread counts, marking read, paging, and refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitI213 } from '../../src/app/casework/submit-i213.ts';
import { countUnread, listInbox } from '../../src/app/notifications/list-inbox.ts';
import { markRead } from '../../src/app/notifications/mark-read.ts';
import { type Actor, PUBLIC } from '../../src/domain/actor.ts';
import { type JemWorld, jemWorld, value } from '../casework/support.ts';
import { backends } from '../support/db.ts';
import { addUser, type CaseRef, otherAgencyId, returnI213, toHold, toReview } from './flow.ts';

describe.each(backends())('inbox on %s', (backend) => {
  let w: JemWorld;
  let ref: CaseRef;
  let otherAdmin: Actor;
  let otherOfficer: Actor;
  let officer2: Actor;
  let supervisor2: Actor;

  beforeAll(async () => {
    w = await jemWorld(backend);
    const other = await otherAgencyId(w);
    otherAdmin = await addUser(w.t.deps, {
      email: 'admin@other.delegate.test',
      role: 'lea_admin',
      agencyId: other,
    });
    otherOfficer = await addUser(w.t.deps, {
      email: 'officer@other.delegate.test',
      role: 'lea_officer',
      agencyId: other,
    });
    officer2 = await addUser(w.t.deps, {
      email: 'officer2@demo.delegate.test',
      role: 'lea_officer',
      agencyId: w.agencyId,
    });
    supervisor2 = await addUser(w.t.deps, {
      email: 'supervisor2@ice.delegate.test',
      role: 'ice_supervisor',
      agencyId: null,
    });
    // A review request (ICE), then a return (the officer alone), then a running hold (ICE and the jail).
    ref = await toReview(w);
    w.t.clock.advance(60_000);
    await returnI213(w, ref);
    w.t.clock.advance(60_000);
    value(
      await submitI213(w.t.deps, w.officer, ref.caseId, {
        narrative:
          'Subject encountered at booking; admitted entry without inspection in 2019. Entry date added.',
      }),
    );
    w.t.clock.advance(60_000);
    await toHold(w, ref);
  });
  afterAll(async () => w?.t.close());

  const kinds = async (actor: Actor) => value(await listInbox(w.t.deps, actor)).items.map((i) => i.kind);

  it('refuses anyone not signed in', async () => {
    for (const r of [
      await listInbox(w.t.deps, PUBLIC),
      await countUnread(w.t.deps, PUBLIC),
      await markRead(w.t.deps, PUBLIC, { notificationId: '00000000-0000-4000-8000-000000000000' }),
    ]) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('unauthenticated');
    }
  });

  it('refuses a bad page size or cursor', async () => {
    for (const query of [{ limit: 0 }, { limit: 101 }, { cursor: 'not-a-cursor' }]) {
      const r = await listInbox(w.t.deps, w.supervisor, query);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid_input');
    }
  });

  it('an agency never sees another agency’s notices', async () => {
    for (const outsider of [otherAdmin, otherOfficer]) {
      const inbox = value(await listInbox(w.t.deps, outsider));
      expect(inbox.items.filter((i) => i.caseId === ref.caseId)).toEqual([]);
      expect(inbox.items.every((i) => i.agencyId !== w.agencyId)).toBe(true);
    }
    expect(value(await countUnread(w.t.deps, otherAdmin)).unread).toBe(0);
  });

  it('a notice addressed to one officer is theirs alone', async () => {
    expect(await kinds(w.officer)).toContain('i213_returned');
    const mine = value(await listInbox(w.t.deps, w.officer)).items.find((i) => i.kind === 'i213_returned')!;
    expect(mine.personal).toBe(true);
    expect(await kinds(officer2)).not.toContain('i213_returned');
    expect(await kinds(w.coordinator)).not.toContain('i213_returned');
    expect(await kinds(w.supervisor)).not.toContain('i213_returned');
    const refused = await markRead(w.t.deps, officer2, { notificationId: mine.notificationId });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('not_found');
  });

  it('lists each role’s notices newest first, with the unread count', async () => {
    const ice = value(await listInbox(w.t.deps, w.supervisor));
    const times = ice.items.map((i) => i.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(ice.items.every((i) => i.readAt === null && !i.personal)).toBe(true);
    expect(ice.unread).toBe(ice.items.length);
    const ofCase = ice.items.filter((i) => i.caseId === ref.caseId);
    // Two I-213 submissions, the charging document, the detainer; then the hold clock.
    expect(ofCase.map((i) => i.kind)).toEqual([
      'hold_started',
      'review_request',
      'review_request',
      'review_request',
      'review_request',
    ]);
    expect(ofCase.map((i) => i.subject)).toContain(`I-213 for case ${ref.caseNumber} awaits your review`);
    expect(value(await countUnread(w.t.deps, supervisor2)).unread).toBe(ice.unread);
    const jail = value(await listInbox(w.t.deps, w.coordinator));
    const jailKinds = jail.items.filter((i) => i.caseId === ref.caseId).map((i) => i.kind);
    expect(jailKinds).toContain('hold_started');
    expect(jailKinds).not.toContain('review_request');
    expect(jail.items.every((i) => i.agencyId === w.agencyId)).toBe(true);
    expect(value(await listInbox(w.t.deps, w.inspector)).items.filter((i) => i.caseId)).toEqual([]);
  });

  it('pages with a cursor and filters to unread', async () => {
    const all = value(await listInbox(w.t.deps, w.supervisor)).items.map((i) => i.notificationId);
    expect(all.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = value(await listInbox(w.t.deps, w.supervisor, { limit: 3, cursor }));
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((i) => i.notificationId));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(all);
  });

  it('marking read lowers the count once, keeps the first time, and is shared by the role', async () => {
    const before = value(await listInbox(w.t.deps, w.supervisor));
    const target = before.items[0]!;
    const at = w.t.clock.now();
    const marked = value(await markRead(w.t.deps, w.supervisor, { notificationId: target.notificationId }));
    expect(marked).toEqual({
      notificationId: target.notificationId,
      readAt: at.toISOString(),
      unread: before.unread - 1,
    });
    w.t.clock.advance(60_000);
    const again = value(await markRead(w.t.deps, w.supervisor, { notificationId: target.notificationId }));
    expect(again.readAt).toBe(at.toISOString());
    expect(value(await countUnread(w.t.deps, w.supervisor)).unread).toBe(before.unread - 1);
    // The read mark is on the notice: the other supervisor sees it read too.
    expect(value(await countUnread(w.t.deps, supervisor2)).unread).toBe(before.unread - 1);
    const unreadOnly = value(await listInbox(w.t.deps, w.supervisor, { unread: true }));
    expect(unreadOnly.items.map((i) => i.notificationId)).not.toContain(target.notificationId);
    expect(unreadOnly.items.every((i) => i.readAt === null)).toBe(true);
    // Another agency cannot mark (or learn of) it.
    const outsider = await markRead(w.t.deps, otherAdmin, { notificationId: target.notificationId });
    expect(outsider.ok).toBe(false);
    if (!outsider.ok) expect(outsider.error.code).toBe('not_found');
    const missing = await markRead(w.t.deps, w.supervisor, { notificationId: 'not-a-uuid' });
    expect(missing.ok).toBe(false);
  });
});
