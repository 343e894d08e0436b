/**
 * Compliance inspections and steering committees on PGlite and PostgreSQL, with an injected
 * clock: scheduling by agreement version (every model, WSO included), the checklist, findings
 * and corrective actions, the overdue-inspection report; meetings with attendees, minutes and
 * action items, and the warning when a meeting is overdue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { committeeReport } from '../../src/app/oversight/committee-report.ts';
import { listInspections, overdueInspections } from '../../src/app/oversight/overdue-inspections.ts';
import { recordCommitteeMeeting } from '../../src/app/oversight/record-committee-meeting.ts';
import { recordFinding, updateFinding } from '../../src/app/oversight/record-finding.ts';
import { recordInspection } from '../../src/app/oversight/record-inspection.ts';
import { scheduleCommitteeMeeting } from '../../src/app/oversight/schedule-committee-meeting.ts';
import { scheduleInspection } from '../../src/app/oversight/schedule-inspection.ts';
import { wsoProgramView } from '../../src/app/oversight/wso-program-view.ts';
import { type Actor, operator, PUBLIC } from '../../src/domain/actor.ts';
import type { Result } from '../../src/domain/result.ts';
import { verifyAuditChain } from '../../src/store/audit.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.userMessage}`);
  return r.value;
};
const code = <T>(r: Result<T>) => (r.ok ? 'ok' : r.error.code);

describe.each(backends())('inspections and steering committees on %s', (backend) => {
  let t: TestDb;
  const program: Actor = { kind: 'user', id: 'u-program', role: 'program_office', agencyId: null };
  const inspector: Actor = { kind: 'user', id: 'u-insp', role: 'inspector', agencyId: null };
  const supervisor: Actor = { kind: 'user', id: 'u-super', role: 'ice_supervisor', agencyId: null };
  let wso: { agencyId: string; moaId: string; version: number; effective: string };
  let jem: { agencyId: string; moaId: string; version: number; effective: string; models: string[] };
  let coordJem: Actor;
  let coordWso: Actor;

  beforeAll(async () => {
    t = await freshDb(backend);
    value(await seedDemo(t.deps, operator('test')));
    const versions = await t.store.db
      .selectFrom('moa_versions')
      .select(['agency_id', 'moa_id', 'version', 'models', 'effective'])
      .where('status', '=', 'active')
      .execute();
    const pick = (model: string) => {
      const v = versions.find((r) => r.models.includes(model as 'JEM'))!;
      const effective = String(v.effective).slice(0, 10);
      return {
        agencyId: v.agency_id,
        moaId: v.moa_id,
        version: v.version,
        effective,
        models: v.models as string[],
      };
    };
    jem = pick('JEM');
    wso = pick('WSO');
    expect(wso.agencyId).not.toBe(jem.agencyId);
    coordJem = { kind: 'user', id: 'u-coord-jem', role: 'lea_admin', agencyId: jem.agencyId };
    coordWso = { kind: 'user', id: 'u-coord-wso', role: 'lea_admin', agencyId: wso.agencyId };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses to schedule an inspection without standing, for a model the version lacks, or for no version', async () => {
    const input = { moaId: wso.moaId, moaVersion: wso.version, model: 'WSO' as const, dueOn: '2027-07-01' };
    expect(code(await scheduleInspection(t.deps, PUBLIC, input))).toBe('unauthenticated');
    expect(code(await scheduleInspection(t.deps, coordWso, input))).toBe('forbidden');
    expect(code(await scheduleInspection(t.deps, supervisor, input))).toBe('forbidden');
    const model = await scheduleInspection(t.deps, program, { ...input, model: 'TFM' });
    expect(model.ok || model.error.where).toEqual({ field: 'model' });
    expect(code(await scheduleInspection(t.deps, program, { ...input, moaVersion: 99 }))).toBe('not_found');
    expect(code(await scheduleInspection(t.deps, program, { ...input, checklist: [' '] }))).toBe(
      'invalid_input',
    );
  });

  it('reports inspections overdue as the clock passes their due and follow-up dates', async () => {
    t.clock.set('2027-06-01T12:00:00Z');
    const wsoInspection = value(
      await scheduleInspection(t.deps, program, {
        moaId: wso.moaId,
        moaVersion: wso.version,
        model: 'WSO',
        dueOn: '2027-07-01',
        checklist: ['Warrants served only as lodged by ICE', 'Custody transferred within 48 hours'],
      }),
    ).inspectionId;
    const jemInspection = value(
      await scheduleInspection(t.deps, inspector, {
        moaId: jem.moaId,
        moaVersion: jem.version,
        model: 'JEM',
        dueOn: '2027-08-15',
      }),
    ).inspectionId;
    // The demo seeds one held inspection of the coordinator's agency; this test follows its own two.
    const ours = new Set([wsoInspection, jemInspection]);
    const overdueOf = async (actor: Actor) =>
      value(await overdueInspections(t.deps, actor)).items.filter((i) => ours.has(i.inspectionId));
    expect(await overdueOf(inspector)).toEqual([]);

    t.clock.set('2027-07-11T09:00:00Z');
    const report = { ...value(await overdueInspections(t.deps, program)), items: await overdueOf(program) };
    expect(report.asOf).toBe('2027-07-11');
    expect(report.items).toEqual([
      expect.objectContaining({
        inspectionId: wsoInspection,
        model: 'WSO',
        reason: 'inspection_not_held',
        daysOverdue: 10,
      }),
    ]);
    // The WSO agency's coordinator reads its own agency's report (inspection.read), nobody else's.
    const own = value(await overdueInspections(t.deps, coordWso)).items;
    expect(own.map((i) => i.inspectionId)).toEqual([wsoInspection]);
    expect(value(await overdueInspections(t.deps, coordJem)).items.map((i) => i.inspectionId)).not.toContain(
      wsoInspection,
    );

    // Held, with one item not met: a finding with its corrective action and a follow-up date.
    const incomplete = await recordInspection(t.deps, inspector, wsoInspection, {
      completedOn: '2027-07-10',
      results: [{ item: 'Warrants served only as lodged by ICE', result: 'met' }],
    });
    expect(incomplete.ok || incomplete.error.where).toEqual({ field: 'results' });
    const noFollowUp = await recordInspection(t.deps, inspector, wsoInspection, {
      completedOn: '2027-07-10',
      results: [
        { item: 'Warrants served only as lodged by ICE', result: 'met' },
        { item: 'Custody transferred within 48 hours', result: 'not_met', note: 'One transfer at 52 hours' },
      ],
    });
    expect(noFollowUp.ok || noFollowUp.error.where).toEqual({ field: 'followUpDueOn' });
    value(
      await recordInspection(t.deps, inspector, wsoInspection, {
        completedOn: '2027-07-10',
        followUpDueOn: '2027-08-10',
        results: [
          { item: 'Warrants served only as lodged by ICE', result: 'met' },
          {
            item: 'Custody transferred within 48 hours',
            result: 'not_met',
            note: 'One transfer at 52 hours',
          },
        ],
      }),
    );
    const noDue = await recordFinding(t.deps, inspector, wsoInspection, {
      summary: 'Custody transfer exceeded 48 hours',
      correctiveAction: 'Notify ICE at service',
    });
    expect(noDue.ok || noDue.error.where).toEqual({ field: 'correctiveDueOn' });
    const { findingId } = value(
      await recordFinding(t.deps, inspector, wsoInspection, {
        summary: 'Custody transfer exceeded 48 hours',
        clauseId: 'WSO-2026:IV.C',
        correctiveAction: 'Notify ICE at service; escalate at 36 hours',
        correctiveDueOn: '2027-08-01',
      }),
    );
    expect(await overdueOf(program)).toEqual([]);

    t.clock.set('2027-08-20T09:00:00Z');
    const later = await overdueOf(program);
    expect(later.map((i) => [i.inspectionId, i.reason, i.daysOverdue])).toEqual([
      [wsoInspection, 'follow_up_open', 10],
      [jemInspection, 'inspection_not_held', 5],
    ]);
    value(
      await updateFinding(t.deps, inspector, wsoInspection, findingId, {
        status: 'corrected',
        on: '2027-08-18',
      }),
    );
    expect(
      code(
        await updateFinding(t.deps, inspector, wsoInspection, findingId, {
          status: 'corrected',
          on: '2027-08-18',
        }),
      ),
    ).toBe('conflict');
    value(
      await updateFinding(t.deps, inspector, wsoInspection, findingId, {
        status: 'verified',
        on: '2027-08-20',
      }),
    );
    expect((await overdueOf(program)).map((i) => i.inspectionId)).toEqual([jemInspection]);
    const listed = value(await listInspections(t.deps, program, { agencyId: wso.agencyId })).items;
    expect(listed).toHaveLength(1);
    expect(listed[0]!.findings.map((f) => f.status)).toEqual(['verified']);
    // The WSO program view lists the WSO inspection and its finding (GAO-21-186).
    const view = value(await wsoProgramView(t.deps, inspector));
    expect(view.inspectionsNote).toBeNull();
    expect(view.inspections).toEqual([
      { agencyId: wso.agencyId, on: '2027-07-10', finding: 'Custody transfer exceeded 48 hours (verified)' },
    ]);
    expect((await verifyAuditChain(t.store.db)).ok).toBe(true);
  });

  it('warns when a steering-committee meeting is overdue, and clears the warning with minutes', async () => {
    t.clock.set('2027-09-01T12:00:00Z');
    const input = { moaId: jem.moaId, scheduledOn: '2027-09-15' };
    expect(code(await scheduleCommitteeMeeting(t.deps, coordWso, input))).toBe('forbidden');
    expect(code(await scheduleCommitteeMeeting(t.deps, inspector, input))).toBe('forbidden');
    const { meetingId } = value(await scheduleCommitteeMeeting(t.deps, coordJem, input));
    const before = value(await committeeReport(t.deps, coordJem, {}));
    expect(before.items.every((i) => i.agencyId === jem.agencyId)).toBe(true);
    expect(before.items.find((i) => i.moaId === jem.moaId)?.warning).toBeNull();
    // Another agency's committees are filtered out, not refused.
    expect(value(await committeeReport(t.deps, coordJem, { agencyId: wso.agencyId })).items).toEqual([]);

    t.clock.set('2027-09-20T12:00:00Z');
    const after = value(await committeeReport(t.deps, program, {}));
    expect(after.items.find((i) => i.moaId === jem.moaId)?.warning).toEqual({
      reason: 'meeting_not_recorded',
      since: '2027-09-15',
      daysOverdue: 5,
    });

    const noAttendees = await recordCommitteeMeeting(t.deps, coordJem, meetingId, {
      heldOn: '2027-09-16',
      attendees: [],
      minutes: 'Reviewed the quarter.',
      actionItems: [],
    });
    expect(noAttendees.ok || noAttendees.error.where).toEqual({ field: 'attendees' });
    value(
      await recordCommitteeMeeting(t.deps, coordJem, meetingId, {
        heldOn: '2027-09-16',
        attendees: [
          { name: 'Program manager (synthetic)', organization: 'ICE ERO 287(g) Program Office' },
          { name: 'Sheriff’s coordinator (synthetic)', organization: 'County Sheriff’s Office' },
        ],
        minutes: 'Reviewed detainer volumes, complaints and the training schedule.',
        actionItems: [
          { summary: 'Circulate the refresher schedule', owner: 'Coordinator', dueOn: '2027-09-30' },
        ],
      }),
    );
    expect(
      code(
        await recordCommitteeMeeting(t.deps, coordJem, meetingId, {
          heldOn: '2027-09-16',
          attendees: [{ name: 'A', organization: 'B' }],
          minutes: 'Again',
          actionItems: [],
        }),
      ),
    ).toBe('conflict');
    const held = value(await committeeReport(t.deps, program, {})).items.find((i) => i.moaId === jem.moaId)!;
    expect(held.warning).toBeNull();
    expect(held.meetings.find((m) => m.meetingId === meetingId)!.attendees).toHaveLength(2);

    // The action item passes its due date; a year without a meeting raises the warning again.
    t.clock.set('2027-10-05T12:00:00Z');
    const late = value(await committeeReport(t.deps, program, {})).items.find((i) => i.moaId === jem.moaId)!;
    expect(late.overdueActions.filter((a) => a.meetingId === meetingId).map((a) => a.summary)).toEqual([
      'Circulate the refresher schedule',
    ]);
    t.clock.set('2028-09-20T12:00:00Z');
    const year = value(await committeeReport(t.deps, program, {})).items.find((i) => i.moaId === jem.moaId)!;
    expect(year.warning).toEqual({ reason: 'no_meeting_in_interval', since: '2027-09-16', daysOverdue: 5 });
    // An agreement whose committee never met is warned once the interval from its effective date passes.
    const wsoItem = value(await committeeReport(t.deps, program, {})).items.find(
      (i) => i.moaId === wso.moaId,
    );
    if (wsoItem && wsoItem.effective < '2027-09-20')
      expect(wsoItem.warning?.reason).toBe('no_meeting_in_interval');
  });
});
