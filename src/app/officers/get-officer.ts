/** One officer: stage (a lapsed refresher shows as suspended), checklist, exams, authorization, deadlines. */
import type { Actor } from '../../domain/actor.ts';
import { effectiveStage, refresherDue } from '../../domain/officers.ts';
import { fail, ok } from '../../domain/result.ts';
import * as moas from '../../store/moas.ts';
import * as officers from '../../store/officers.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export async function getOfficer(deps: Deps, actor: Actor, input: { officerId: string }) {
  const officer = await officers.findOfficer(deps.db, input.officerId);
  if (!officer) return fail('not_found', 'No officer has that id.');
  const denied = await guard(deps, actor, 'officer.read', {
    type: 'officer',
    id: officer.officerId,
    agencyId: officer.agencyId,
  });
  if (denied) return denied;
  const [eligibility, exams, authorization] = await Promise.all([
    officers.eligibilityOf(deps.db, officer.officerId),
    officers.examsOf(deps.db, officer.officerId),
    officers.latestAuthorization(deps.db, officer.officerId),
  ]);
  const version = authorization
    ? await moas.findVersion(deps.db, authorization.moaId, authorization.moaVersion)
    : null;
  const cadence = version?.refresherCadenceDays ?? null;
  const now = deps.clock.now();
  const effective = effectiveStage(officer, cadence, now);
  return ok({
    officer: {
      ...officer,
      effectiveStage: effective.stage,
      effectiveReason: effective.reason ?? officer.suspensionReason,
    },
    eligibility,
    exams,
    authorization,
    refresherDue:
      officer.certifiedOn && cadence
        ? refresherDue(officer.certifiedOn, officer.lastRefresherOn, cadence)
        : null,
  });
}
