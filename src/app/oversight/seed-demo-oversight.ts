/**
 * Demo oversight records for the demo coordinator's agency, dated from the clock: a compliance
 * inspection held three weeks ago with one checklist item not met, a finding and its corrective
 * action; a steering-committee meeting held two weeks ago with two action items, one of them
 * past due. Synthetic; run by the demo seed through the ordinary use cases.
 */
import type { Actor } from '../../domain/actor.ts';
import { isoDate } from '../../domain/clock.ts';
import { ok, type Result } from '../../domain/result.ts';
import * as oversight from '../../store/oversight.ts';
import type { Deps } from '../deps.ts';
import { recordCommitteeMeeting } from './record-committee-meeting.ts';
import { recordFinding } from './record-finding.ts';
import { recordInspection } from './record-inspection.ts';
import { scheduleCommitteeMeeting } from './schedule-committee-meeting.ts';
import { DEFAULT_CHECKLIST, scheduleInspection } from './schedule-inspection.ts';

const day = (now: Date, days: number) => isoDate(new Date(now.getTime() + days * 86_400_000));

export async function seedDemoOversight(
  deps: Deps,
  actor: Actor,
  agencyId: string,
): Promise<Result<{ inspectionId: string | null; meetingId: string | null }>> {
  const versions = await oversight.agreementsInForce(deps.db, agencyId);
  const version = versions.find((v) => (v.models as string[]).includes('JEM')) ?? versions[0];
  if (!version) return ok({ inspectionId: null, meetingId: null });
  const now = deps.clock.now();
  const model = (version.models as Array<'JEM' | 'WSO' | 'TFM'>)[0]!;
  const scheduled = await scheduleInspection(deps, actor, {
    moaId: version.moa_id,
    moaVersion: version.version,
    model: (version.models as string[]).includes('JEM') ? 'JEM' : model,
    dueOn: day(now, -30),
  });
  if (!scheduled.ok) return scheduled;
  const { inspectionId } = scheduled.value;
  const held = await recordInspection(deps, actor, inspectionId, {
    completedOn: day(now, -21),
    followUpDueOn: day(now, 30),
    results: DEFAULT_CHECKLIST.map((item, n) =>
      n === 0
        ? {
            item,
            result: 'not_met' as const,
            note: 'One officer’s refresher training had lapsed (synthetic).',
          }
        : { item, result: 'met' as const },
    ),
  });
  if (!held.ok) return held;
  const finding = await recordFinding(deps, actor, inspectionId, {
    summary: 'An officer exercised 287(g) functions after the refresher training lapsed (synthetic).',
    clauseId: 'VII',
    correctiveAction: 'Complete the refresher and confirm in writing to the program office.',
    correctiveDueOn: day(now, 14),
  });
  if (!finding.ok) return finding;

  const meeting = await scheduleCommitteeMeeting(deps, actor, {
    moaId: version.moa_id,
    scheduledOn: day(now, -14),
  });
  if (!meeting.ok) return meeting;
  const minutes = await recordCommitteeMeeting(deps, actor, meeting.value.meetingId, {
    heldOn: day(now, -14),
    attendees: [
      { name: 'Program Manager (synthetic)', organization: 'ICE ERO 287(g) Program Office' },
      { name: '287(g) Coordinator (synthetic)', organization: 'County Sheriff’s Office' },
    ],
    minutes: 'Reviewed the quarter’s detainers, the open inspection finding and the training schedule.',
    actionItems: [
      {
        summary: 'Post the complaint procedure in the jail lobby',
        owner: 'Sheriff’s Office',
        dueOn: day(now, -3),
      },
      { summary: 'Send the refresher schedule to ICE', owner: 'Sheriff’s Office', dueOn: day(now, 30) },
    ],
  });
  if (!minutes.ok) return minutes;
  return ok({ inspectionId, meetingId: meeting.value.meetingId });
}
