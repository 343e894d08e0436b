/** One agency with its names, agreements, pending entries and the history of its listings. */
import type { Actor } from '../../domain/actor.ts';
import { UUID } from '../../domain/ids.ts';
import { type ChangeEvent, historyOf } from '../../domain/registry-history.ts';
import { fail, ok } from '../../domain/result.ts';
import * as registry from '../../store/registry.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export async function getAgency(deps: Deps, actor: Actor, input: { agencyId: string }) {
  const denied = await guard(deps, actor, 'registry.read');
  if (denied) return denied;
  const notFound = fail('not_found', 'No agency has that id.');
  if (!UUID.test(input.agencyId)) return notFound;
  const agency = await registry.findAgency(deps.db, input.agencyId);
  if (!agency) return notFound;
  const [names, all, snapshots] = await Promise.all([
    registry.namesOfAgency(deps.db, agency.agencyId),
    registry.listAgreements(deps.db, { agencyId: agency.agencyId }, 1000, null),
    registry.listSnapshots(deps.db),
  ]);
  const views = [];
  for (const s of snapshots) views.push(await registry.snapshotView(deps.db, s, agency.agencyId));
  const events: ChangeEvent[] = historyOf(views);
  return ok({
    agency: { ...agency, names },
    agreements: all.filter((a) => a.list === 'participating'),
    pending: all
      .filter((a) => a.list === 'pending')
      .map((a) => ({ model: a.model, status: a.status, firstSeen: a.firstSeen, lastSeen: a.lastSeen })),
    events,
  });
}
