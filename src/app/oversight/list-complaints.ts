/**
 * The complaint queue: ICE sees every complaint (the forwarded ones are OPR's queue); an agency's
 * coordinator sees its own agency's. Each with its history when read one at a time.
 */
import type { Actor } from '../../domain/actor.ts';
import type { ComplaintStatus } from '../../domain/oversight.ts';
import { ok } from '../../domain/result.ts';
import * as oversight from '../../store/oversight.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { loadComplaint } from './complaint-step.ts';

export async function listComplaints(
  deps: Deps,
  actor: Actor,
  input: { agencyId?: string | undefined; status?: ComplaintStatus | undefined },
) {
  const agencyId = input.agencyId ?? (actor.kind === 'user' ? actor.agencyId : null) ?? null;
  const denied = await guard(deps, actor, 'complaint.manage', {
    type: 'agency',
    id: agencyId ?? 'all',
    ...(agencyId || (actor.kind === 'user' && actor.agencyId) ? { agencyId: agencyId ?? '' } : {}),
  });
  if (denied) return denied;
  const items = await oversight.listComplaints(deps.db, {
    agencyId,
    status: input.status ?? null,
    limit: 500,
  });
  return ok({ items });
}

export async function getComplaint(deps: Deps, actor: Actor, complaintId: string) {
  const loaded = await loadComplaint(deps, actor, complaintId);
  if (!loaded.ok) return loaded;
  return ok({ ...loaded.value, history: await oversight.complaintEvents(deps.db, complaintId) });
}
