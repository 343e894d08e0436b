/** Training classes, newest first, optionally for one model. */
import type { Actor } from '../../domain/actor.ts';
import type { Model } from '../../domain/registry.ts';
import { ok } from '../../domain/result.ts';
import * as officers from '../../store/officers.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export async function listTrainingClasses(deps: Deps, actor: Actor, input: { model?: Model | undefined }) {
  const denied = await guard(deps, actor, 'officer.read', null);
  if (denied) return denied;
  return ok({ items: await officers.listClasses(deps.db, input.model ?? null) });
}
