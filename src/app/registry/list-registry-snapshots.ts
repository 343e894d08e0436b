/** The imported snapshots of ICE's lists. */
import type { Actor } from '../../domain/actor.ts';
import { ok } from '../../domain/result.ts';
import * as registry from '../../store/registry.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export async function listRegistrySnapshots(deps: Deps, actor: Actor) {
  const denied = await guard(deps, actor, 'registry.read');
  if (denied) return denied;
  const items = (await registry.listSnapshots(deps.db)).map(({ contentHash: _, ...s }) => s);
  return ok({ items });
}
