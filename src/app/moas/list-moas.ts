/** MOAs, for one agency or (ICE) all. */
import type { Actor } from '../../domain/actor.ts';
import { ok } from '../../domain/result.ts';
import * as moas from '../../store/moas.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export async function listMoas(deps: Deps, actor: Actor, input: { agencyId?: string | undefined }) {
  const agencyId = input.agencyId ?? (actor.kind === 'user' ? actor.agencyId : null) ?? null;
  const denied = await guard(deps, actor, 'moa.read', { type: 'agency', id: agencyId ?? 'all', agencyId });
  if (denied) return denied;
  return ok({ items: await moas.listMoas(deps.db, agencyId) });
}
