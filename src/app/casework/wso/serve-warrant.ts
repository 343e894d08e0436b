/**
 * A Warrant Service Officer serves ICE's lodged I-200/I-205 inside the facility at the moment
 * the person would otherwise be released (the jail's release event), and records the arrest
 * (delegated action `serve_warrant`, through the authority engine). Service starts ICE's
 * 48-hour custody clock with alerts at 24, 36 and 44 hours and the mandatory release at 48 —
 * unless the facility has an IGSA with ICE under the agreement version in force that day.
 */
import { z } from 'zod';
import { describeIssue } from '../../../authority/scenario.ts';
import type { Actor } from '../../../domain/actor.ts';
import { fail, ok, type Result } from '../../../domain/result.ts';
import type { Deps } from '../../deps.ts';
import { caseStep } from '../case-step.ts';
import { governingVersion } from '../standing.ts';
import { custodyClock } from './custody-clock.ts';

const schema = z.strictObject({
  /** Where in the facility, or anything the officer notes about the arrest. */
  note: z.string().trim().max(500).optional(),
});

export async function serveWsoWarrant(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: unknown,
): Promise<Result<{ caseId: string; status: string }>> {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const note = parsed.data.note ?? '';
  return caseStep(deps, actor, caseId, {
    action: 'serve_warrant',
    step: 'serve_wso_warrant',
    decide: async (ctx, at) => {
      const { kase, booking } = ctx;
      const warrant = kase.record.wsoWarrant;
      if (kase.model !== 'WSO' || !warrant || !booking)
        return fail('conflict', 'This is not a WSO case with a lodged warrant.', {
          ruleId: 'wso.serve-needs-lodged-warrant',
        });
      if (!booking.releasedAt)
        return fail(
          'conflict',
          'A WSO serves the warrant when the person would otherwise be released: the jail has not recorded the release (bail posted, sentence served, court order or charges dismissed) yet.',
          { ruleId: 'wso.serve-at-release', citation: '8 U.S.C. §1357(g)(1); WSO-DEFAULT:serve-warrant' },
        );
      const version = await governingVersion(deps.db, kase.agencyId, kase.facilityCode, at, 'WSO');
      const clock = custodyClock(version, kase.facilityCode, at);
      const served = { at: at.toISOString(), by: actor.id };
      const record = {
        ...kase.record,
        wsoWarrant: { ...warrant, served, igsa: clock.kind === 'igsa' },
      };
      const servedText = `${warrant.form} ${warrant.number} served in ${kase.facilityCode} at release and the arrest recorded${note ? ` (${note})` : ''}`;
      if (clock.kind === 'igsa')
        return ok({
          patch: { status: 'warrant_served', holdStartedAt: at, holdEndsAt: null, record },
          event: {
            type: 'case.warrant_served',
            summary: `${servedText}. The facility has an IGSA with ICE: the person is held under the IGSA and no 48-hour custody clock runs.`,
            data: { igsa: true, clause: clock.clause },
          },
          notices: [
            {
              recipientRole: 'ice_supervisor',
              kind: 'wso_warrant_served',
              subject: `Warrant served on case ${kase.caseNumber} (IGSA facility)`,
              body: `The person is held at ${kase.facilityCode} under the IGSA; arrange the transfer.`,
            },
          ],
        });
      const ends = clock.schedule.endsAt.toISOString();
      return ok({
        patch: { status: 'warrant_served', holdStartedAt: at, holdEndsAt: clock.schedule.endsAt, record },
        event: {
          type: 'case.warrant_served',
          summary: `${servedText}. ICE must assume custody by ${ends} (${clock.rule === 'business_hours_48h' ? '48 hours excluding weekends and federal holidays' : '48 hours'}); the custody may not be extended.`,
          data: { igsa: false, custodyEndsAt: ends, rule: clock.rule, clause: clock.clause },
        },
        timers: clock.schedule.alerts.map((a) => ({ kind: a.kind, dueAt: a.dueAt })),
        notices: ['ice_supervisor', 'lea_admin'].map((recipientRole) => ({
          recipientRole,
          kind: 'wso_warrant_served',
          subject: `Warrant served on case ${kase.caseNumber}: ICE must assume custody by ${ends}`,
          body: 'The custody clock may not be extended. At its end the person is released.',
        })),
      });
    },
  });
}
