/** The notifications addressed to the caller's role (and, for agency roles, agency). */
import type { Actor } from '../../domain/actor.ts';
import { fail, ok } from '../../domain/result.ts';
import * as officers from '../../store/officers.ts';
import type { Deps } from '../deps.ts';

export async function listNotifications(deps: Deps, actor: Actor) {
  if (actor.kind !== 'user') return fail('unauthenticated', 'Sign in to continue.');
  const agencyScoped = actor.role === 'lea_admin' || actor.role === 'lea_officer';
  const items = await officers.notificationsFor(deps.db, actor.role, agencyScoped ? actor.agencyId : null);
  return ok({ items });
}
