/** Agencies that joined, left or switched models between the snapshots in force at two dates. */
import type { Actor } from '../../domain/actor.ts';
import type { ListKind } from '../../domain/registry.ts';
import { diffSnapshots, type RegistryDiff } from '../../domain/registry-history.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import * as registry from '../../store/registry.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { checkDate } from './as-of-date.ts';

export interface RegistryDiffResult extends RegistryDiff {
  from: string;
  to: string;
  fromSnapshot: string | null;
  toSnapshot: string | null;
}

export async function diffRegistry(
  deps: Deps,
  actor: Actor,
  input: { from: string; to: string; list?: ListKind | undefined },
): Promise<Result<RegistryDiffResult>> {
  const denied = await guard(deps, actor, 'registry.read');
  if (denied) return denied;
  const from = checkDate(deps, input.from, 'from');
  if (!from.ok) return from;
  const to = checkDate(deps, input.to, 'to');
  if (!to.ok) return to;
  if (from.value > to.value)
    return fail('invalid_input', 'from must not be after to.', { where: { field: 'from' } });
  const list = input.list ?? 'participating';
  const [a, b] = await Promise.all([
    registry.snapshotOnOrBefore(deps.db, list, from.value),
    registry.snapshotOnOrBefore(deps.db, list, to.value),
  ]);
  const empty = (date: string) => ({ date, list, rows: [] });
  const diff = diffSnapshots(
    a ? await registry.snapshotView(deps.db, a) : empty(from.value),
    b ? await registry.snapshotView(deps.db, b) : empty(to.value),
  );
  return ok({
    from: from.value,
    to: to.value,
    fromSnapshot: a?.date ?? null,
    toSnapshot: b?.date ?? null,
    ...diff,
  });
}
