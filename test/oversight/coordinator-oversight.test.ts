/**
 * The agency coordinator's view of oversight, and action items marked done, on PGlite and native
 * PostgreSQL with an injected clock. Over HTTP first, unhappy paths first: another agency's
 * inspection, finding, meeting or action item answers 404 like a missing id (and lists are
 * filtered); a role without the action gets 403; a bad body gets 400 problem details; an item
 * already done is a 409; an Idempotency-Key replays the first answer. Then the rules: the
 * coordinator reports a corrective action corrected (ICE alone verifies it), an item done is
 * never overdue and a reopened one is again, and every step is in the audit trail.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { committeeReport } from '../../src/app/oversight/committee-report.ts';
import { completeActionItem } from '../../src/app/oversight/complete-action-item.ts';
import { listInspections, overdueInspections } from '../../src/app/oversight/overdue-inspections.ts';
import { reopenActionItem } from '../../src/app/oversight/reopen-action-item.ts';
import { type Actor, operator } from '../../src/domain/actor.ts';
import { actionItemOverdue, checkActionItemStep, checkCompletionDate } from '../../src/domain/oversight.ts';
import type { Result } from '../../src/domain/result.ts';
import { buildServer } from '../../src/http/server.ts';
import { verifyAuditChain } from '../../src/store/audit.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';
import { signInOverHttp } from '../support/sign-in.ts';

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.userMessage}`);
  return r.value;
};
const code = <T>(r: Result<T>) => (r.ok ? 'ok' : r.error.code);
const MISSING = '00000000-0000-4000-8000-000000000000';

describe('action item rules (pure)', () => {
  it('refuses a repeat step, never counts a done item overdue, and checks the date done', () => {
    expect(checkActionItemStep('done', 'complete')).toMatch(/already marked done/);
    expect(checkActionItemStep('open', 'reopen')).toMatch(/only a done item/);
    expect(checkActionItemStep('open', 'complete')).toBeNull();
    expect(actionItemOverdue({ status: 'done', dueOn: '2026-01-01' }, '2026-11-29')).toBe(false);
    expect(actionItemOverdue({ status: 'open', dueOn: '2026-11-28' }, '2026-11-29')).toBe(true);
    expect(actionItemOverdue({ status: 'open', dueOn: '2026-11-29' }, '2026-11-29')).toBe(false);
    expect(actionItemOverdue({ status: 'open', dueOn: null }, '2026-11-29')).toBe(false);
    expect(checkCompletionDate('2026-02-30', null, '2026-11-29')).toMatch(/calendar date/);
    expect(checkCompletionDate('2026-11-30', null, '2026-11-29')).toMatch(/future/);
    expect(checkCompletionDate('2026-11-01', '2026-11-15', '2026-11-29')).toMatch(/before the meeting/);
    expect(checkCompletionDate('2026-11-15', '2026-11-15', '2026-11-29')).toBeNull();
  });
});

describe.each(backends())('the coordinator’s oversight view on %s', (backend) => {
  let t: TestDb;
  let app: FastifyInstance;
  const cookie: Record<string, string> = {};
  let own: { agencyId: string; inspectionId: string; findingId: string; meetingId: string; items: string[] };
  let other: { agencyId: string; moaId: string; inspectionId: string; findingId: string };
  let otherMeeting: { meetingId: string; itemId: string };
  const program: Actor = { kind: 'user', id: 'u-program', role: 'program_office', agencyId: null };

  beforeAll(async () => {
    t = await freshDb(backend);
    value(await seedDemo(t.deps, operator('test')));
    app = await buildServer({ deps: t.deps, database: { kind: t.store.kind }, version: 'test' });
    for (const who of ['coordinator', 'wso-coordinator', 'officer', 'program', 'inspector', 'auditor'])
      cookie[who] = await signInOverHttp(app, `${who}@demo.delegate.test`);

    const users = await t.store.db.selectFrom('users').select(['email', 'agency_id']).execute();
    const agencyOf = (email: string) => users.find((u) => u.email === email)!.agency_id!;
    const inspection = await t.store.db
      .selectFrom('inspections')
      .select(['inspection_id', 'agency_id'])
      .executeTakeFirstOrThrow();
    const finding = await t.store.db
      .selectFrom('inspection_findings')
      .select('finding_id')
      .where('inspection_id', '=', inspection.inspection_id)
      .executeTakeFirstOrThrow();
    const meeting = await t.store.db
      .selectFrom('committee_meetings')
      .select('meeting_id')
      .executeTakeFirstOrThrow();
    const items = await t.store.db
      .selectFrom('committee_action_items')
      .select('item_id')
      .where('meeting_id', '=', meeting.meeting_id)
      .orderBy('seq')
      .execute();
    // The demo seeds one inspection and one meeting with two items for the coordinator's agency.
    expect(inspection.agency_id).toBe(agencyOf('coordinator@demo.delegate.test'));
    expect(items).toHaveLength(2);
    own = {
      agencyId: inspection.agency_id,
      inspectionId: inspection.inspection_id,
      findingId: finding.finding_id,
      meetingId: meeting.meeting_id,
      items: items.map((i) => i.item_id),
    };

    // Another agency (the WSO demo agency) with an inspection, a finding and a held meeting.
    const otherAgency = agencyOf('wso-coordinator@demo.delegate.test');
    const version = await t.store.db
      .selectFrom('moa_versions')
      .select(['moa_id', 'version'])
      .where('agency_id', '=', otherAgency)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    const post = async (url: string, payload: object, who = 'program') => {
      const res = await app.inject({ method: 'POST', url, payload, headers: { cookie: cookie[who]! } });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json();
    };
    const { inspectionId } = await post('/api/v1/inspections', {
      moaId: version.moa_id,
      moaVersion: version.version,
      model: 'WSO',
      dueOn: '2026-12-01',
    });
    const { findingId } = await post(`/api/v1/inspections/${inspectionId}/findings`, {
      summary: 'Other agency finding',
      correctiveAction: 'Fix it',
      correctiveDueOn: '2026-12-20',
    });
    other = { agencyId: otherAgency, moaId: version.moa_id, inspectionId, findingId };
    const { meetingId } = await post('/api/v1/committee-meetings', {
      moaId: version.moa_id,
      scheduledOn: '2026-11-20',
    });
    await post(`/api/v1/committee-meetings/${meetingId}/minutes`, {
      heldOn: '2026-11-20',
      attendees: [{ name: 'A (synthetic)', organization: 'ICE' }],
      minutes: 'Other agency meeting.',
      actionItems: [{ summary: 'Other item', owner: 'Other office', dueOn: '2026-11-25' }],
    });
    const otherItem = await t.store.db
      .selectFrom('committee_action_items')
      .select('item_id')
      .where('meeting_id', '=', meetingId)
      .executeTakeFirstOrThrow();
    otherMeeting = { meetingId, itemId: otherItem.item_id };
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const call = (method: 'GET' | 'POST', url: string, who: string, payload?: object, key?: string) =>
    app.inject({
      method,
      url,
      headers: { cookie: cookie[who]!, ...(key ? { 'idempotency-key': key } : {}) },
      ...(payload ? { payload } : {}),
    });
  const expectProblem = (res: LightMyRequestResponse, status: number) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ status });
  };
  const itemUrl = (meetingId: string, itemId: string, step: 'completion' | 'reopening') =>
    `/api/v1/committee-meetings/${meetingId}/action-items/${itemId}/${step}`;

  it('answers another agency’s inspection, finding, meeting and action item as missing (404)', async () => {
    const missing = await call('GET', `/api/v1/inspections/${MISSING}`, 'coordinator');
    expectProblem(missing, 404);
    const foreign = await call('GET', `/api/v1/inspections/${other.inspectionId}`, 'coordinator');
    expectProblem(foreign, 404);
    expect(foreign.json().detail ?? foreign.json().title).toBe(missing.json().detail ?? missing.json().title);
    expectProblem(
      await call(
        'POST',
        `/api/v1/inspections/${other.inspectionId}/findings/${other.findingId}`,
        'coordinator',
        {
          status: 'corrected',
          on: '2026-11-29',
        },
      ),
      404,
    );
    expectProblem(
      await call('GET', `/api/v1/committee-meetings/${otherMeeting.meetingId}`, 'coordinator'),
      404,
    );
    expectProblem(
      await call('POST', itemUrl(otherMeeting.meetingId, otherMeeting.itemId, 'completion'), 'coordinator', {
        on: '2026-11-29',
      }),
      404,
    );
    // Another agency's staff do not see the coordinator's records either.
    expectProblem(await call('GET', `/api/v1/inspections/${own.inspectionId}`, 'wso-coordinator'), 404);
    // An item id of another meeting is not an item of this one.
    expectProblem(
      await call('POST', itemUrl(own.meetingId, otherMeeting.itemId, 'completion'), 'program', {
        on: '2026-11-29',
      }),
      404,
    );
    // Nothing changed.
    const stillOpen = await t.store.db
      .selectFrom('committee_action_items')
      .select('status')
      .where('item_id', '=', otherMeeting.itemId)
      .executeTakeFirstOrThrow();
    expect(stillOpen.status).toBe('open');
  });

  it('filters lists to the coordinator’s own agency', async () => {
    for (const url of ['/api/v1/inspections', `/api/v1/inspections?agencyId=${other.agencyId}`]) {
      const res = await call('GET', url, 'coordinator');
      expect(res.statusCode).toBe(200);
      const ids = (res.json().items as Array<{ agencyId: string }>).map((i) => i.agencyId);
      expect(ids.every((a) => a === own.agencyId)).toBe(true);
      if (!url.includes('agencyId')) expect(ids).toHaveLength(1);
    }
    const report = await call('GET', `/api/v1/committee-meetings?agencyId=${other.agencyId}`, 'coordinator');
    expect(report.json().items).toEqual([]);
    const all = await call('GET', '/api/v1/inspections', 'program');
    expect((all.json().items as unknown[]).length).toBe(2);
  });

  it('refuses roles without the action (403)', async () => {
    expectProblem(await call('GET', '/api/v1/inspections', 'officer'), 403);
    expectProblem(await call('GET', `/api/v1/inspections/${own.inspectionId}`, 'auditor'), 403);
    // The coordinator reports a correction but may not verify it, record findings or schedule.
    expectProblem(
      await call('POST', `/api/v1/inspections/${own.inspectionId}/findings/${own.findingId}`, 'coordinator', {
        status: 'verified',
        on: '2026-11-29',
      }),
      403,
    );
    expectProblem(
      await call('POST', `/api/v1/inspections/${own.inspectionId}/findings`, 'coordinator', { summary: 'x' }),
      403,
    );
    expectProblem(
      await call('POST', itemUrl(own.meetingId, own.items[0]!, 'completion'), 'inspector', {
        on: '2026-11-29',
      }),
      403,
    );
    expectProblem(
      await call('POST', itemUrl(own.meetingId, own.items[0]!, 'completion'), 'officer', {
        on: '2026-11-29',
      }),
      403,
    );
  });

  it('answers a bad body with 400 problem details and changes nothing', async () => {
    const url = itemUrl(own.meetingId, own.items[0]!, 'completion');
    for (const payload of [
      {},
      { on: 'yesterday' },
      { on: '2026-02-30' },
      { on: '2026-11-29', extra: true },
      { on: '2026-11-29', note: 'x'.repeat(2001) },
    ])
      expectProblem(await call('POST', url, 'coordinator', payload), 400);
    // Valid in form, refused by the rules: in the future, or before the meeting that set the item.
    const future = await call('POST', url, 'coordinator', { on: '2026-11-30' });
    expectProblem(future, 400);
    expectProblem(await call('POST', url, 'coordinator', { on: '2026-11-01' }), 400);
    expectProblem(
      await call('POST', itemUrl(own.meetingId, own.items[0]!, 'reopening'), 'coordinator', { note: ' ' }),
      400,
    );
    expectProblem(
      await call('POST', `/api/v1/inspections/${own.inspectionId}/findings/${own.findingId}`, 'coordinator', {
        status: 'corrected',
        on: '2026-12-01',
      }),
      400,
    );
    const item = await t.store.db
      .selectFrom('committee_action_items')
      .selectAll()
      .where('item_id', '=', own.items[0]!)
      .executeTakeFirstOrThrow();
    expect(item).toMatchObject({ status: 'open', done_on: null, done_by: null });
  });

  it('marks an item done once: a repeat is a 409, a keyed retry replays the answer', async () => {
    const url = itemUrl(own.meetingId, own.items[0]!, 'completion');
    const body = { on: '2026-11-28', note: 'Posted in English and Spanish.' };
    const first = await call('POST', url, 'coordinator', body, 'done-1');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers['idempotent-replayed']).toBe('false');
    expect(first.json()).toMatchObject({ itemId: own.items[0], status: 'done' });
    const replay = await call('POST', url, 'coordinator', body, 'done-1');
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    expectProblem(await call('POST', url, 'coordinator', { ...body, note: 'Other' }, 'done-1'), 409);
    const again = await call('POST', url, 'program', body);
    expectProblem(again, 409);
    expect(again.json().detail ?? again.json().title).toMatch(/already marked done/);

    const read = await call('GET', `/api/v1/committee-meetings/${own.meetingId}`, 'coordinator');
    expect(read.statusCode).toBe(200);
    const done = read.json().meeting.actionItems[0];
    expect(done).toMatchObject({
      status: 'done',
      doneOn: '2026-11-28',
      doneNote: 'Posted in English and Spanish.',
      overdue: false,
    });
    expect(done.doneBy).toBeTruthy();
    expect(done.doneByName).toBe('LEA Coordinator (demo)');
    expect(done.history).toHaveLength(1);
    const events = await t.store.db
      .selectFrom('audit_events')
      .select('type')
      .where('resource_id', '=', own.meetingId)
      .where('type', '=', 'committee.action_item_done')
      .execute();
    expect(events).toHaveLength(1);
  });

  it('keys a finding create: the same key and body records one finding', async () => {
    const url = `/api/v1/inspections/${other.inspectionId}/findings`;
    const body = { summary: 'Keyed finding (synthetic)' };
    const a = await call('POST', url, 'inspector', body, 'finding-1');
    const b = await call('POST', url, 'inspector', body, 'finding-1');
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.json()).toEqual(a.json());
    const n = await t.store.db
      .selectFrom('inspection_findings')
      .select('finding_id')
      .where('summary', '=', body.summary)
      .execute();
    expect(n).toHaveLength(1);
  });

  it('lets the coordinator report a corrective action done and ICE verify it', async () => {
    const url = `/api/v1/inspections/${own.inspectionId}/findings/${own.findingId}`;
    const report = {
      status: 'corrected',
      on: '2026-11-27',
      note: 'Refresher completed on 27 November (synthetic).',
    };
    const corrected = await call('POST', url, 'coordinator', report, 'correction-1');
    expect(corrected.statusCode, corrected.body).toBe(200);
    const retried = await call('POST', url, 'coordinator', report, 'correction-1');
    expect(retried.statusCode).toBe(200);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expectProblem(await call('POST', url, 'coordinator', { status: 'corrected', on: '2026-11-28' }), 409);
    const read = await call('GET', `/api/v1/inspections/${own.inspectionId}`, 'coordinator');
    expect(read.json().inspection.findings[0]).toMatchObject({
      status: 'corrected',
      correctedOn: '2026-11-27',
      correctedNote: 'Refresher completed on 27 November (synthetic).',
    });
    const verified = await call('POST', url, 'inspector', { status: 'verified', on: '2026-11-29' });
    expect(verified.statusCode, verified.body).toBe(200);
    const after = await call('GET', `/api/v1/inspections/${own.inspectionId}`, 'coordinator');
    expect(after.json().inspection.findings[0]).toMatchObject({
      status: 'verified',
      verifiedOn: '2026-11-29',
    });
  });

  it('keeps the overdue reports right as the clock moves and items are done and reopened', async () => {
    const coordinator: Actor = { kind: 'user', id: 'u-c', role: 'lea_admin', agencyId: own.agencyId };
    // Item 1 (due three days ago) was marked done above: it is not past due; item 2 is not due yet.
    const now = value(await committeeReport(t.deps, coordinator, {})).items.find((i) =>
      i.meetings.some((m) => m.meetingId === own.meetingId),
    )!;
    expect(now.overdueActions).toEqual([]);
    expect([now.openActions, now.doneActions]).toEqual([1, 1]);

    // Thirty-five days on, item 2 is past due; the done item still is not.
    t.clock.set('2027-01-03T12:00:00Z');
    const later = value(await committeeReport(t.deps, program, {})).items.find(
      (i) => i.agencyId === own.agencyId,
    )!;
    expect(later.overdueActions.map((a) => a.itemId)).toEqual([own.items[1]]);
    expect(
      code(await completeActionItem(t.deps, coordinator, own.meetingId, own.items[1]!, { on: '2027-01-02' })),
    ).toBe('ok');
    const cleared = value(await committeeReport(t.deps, coordinator, {})).items.find(
      (i) => i.agencyId === own.agencyId,
    )!;
    expect(cleared.overdueActions).toEqual([]);
    expect(cleared.doneActions).toBe(2);

    // Reopened: past due again, with its history kept; reopening an open item is refused.
    value(
      await reopenActionItem(t.deps, program, own.meetingId, own.items[1]!, {
        note: 'Schedule not received by ICE.',
      }),
    );
    expect(
      code(await reopenActionItem(t.deps, program, own.meetingId, own.items[1]!, { note: 'again' })),
    ).toBe('conflict');
    const reopened = value(await committeeReport(t.deps, program, {})).items.find(
      (i) => i.agencyId === own.agencyId,
    )!;
    expect(reopened.overdueActions.map((a) => a.itemId)).toEqual([own.items[1]]);
    const history = await t.store.db
      .selectFrom('committee_action_item_events')
      .select(['kind', 'note'])
      .where('item_id', '=', own.items[1]!)
      .orderBy('seq')
      .execute();
    expect(history).toEqual([
      { kind: 'done', note: null },
      { kind: 'reopened', note: 'Schedule not received by ICE.' },
    ]);

    // The overdue-inspection report: the coordinator sees only its own agency's; the other
    // agency's WSO inspection (due 1 December, never held) is ICE's to see.
    const ice = value(await overdueInspections(t.deps, program)).items;
    expect(ice.map((i) => i.inspectionId)).toEqual([other.inspectionId]);
    expect(ice[0]).toMatchObject({ reason: 'inspection_not_held', daysOverdue: 33 });
    expect(value(await overdueInspections(t.deps, coordinator)).items).toEqual([]);
    expect(value(await listInspections(t.deps, coordinator, { agencyId: other.agencyId })).items).toEqual([]);
    t.clock.set('2026-11-29T12:00:00Z');

    const types = await t.store.db
      .selectFrom('audit_events')
      .select('type')
      .where('type', 'in', ['committee.action_item_done', 'committee.action_item_reopened'])
      .execute();
    expect(types.map((r) => r.type).sort()).toEqual([
      'committee.action_item_done',
      'committee.action_item_done',
      'committee.action_item_reopened',
    ]);

    // Concurrent completions of one open item: exactly one is applied, the others are refused.
    const raced = await Promise.all(
      Array.from({ length: 5 }, (_, n) =>
        completeActionItem(t.deps, n % 2 ? program : coordinator, own.meetingId, own.items[1]!, {
          on: '2026-11-29',
        }),
      ),
    );
    expect(raced.map(code).sort()).toEqual(['conflict', 'conflict', 'conflict', 'conflict', 'ok']);
    const events = await t.store.db
      .selectFrom('committee_action_item_events')
      .select('kind')
      .where('item_id', '=', own.items[1]!)
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['done', 'reopened', 'done']);
    expect((await verifyAuditChain(t.store.db)).ok).toBe(true);
  });
});
