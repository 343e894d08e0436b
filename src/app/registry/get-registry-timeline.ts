/** Rows per model in every imported snapshot (the registry chart). */
import type { Actor } from '../../domain/actor.ts';
import type { ListKind, Model } from '../../domain/registry.ts';
import { ok, type Result } from '../../domain/result.ts';
import * as registry from '../../store/registry.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export interface TimelinePoint {
  date: string;
  list: ListKind;
  models: Record<Model, number>;
  total: number;
}

export async function getRegistryTimeline(
  deps: Deps,
  actor: Actor,
): Promise<Result<{ items: TimelinePoint[] }>> {
  const denied = await guard(deps, actor, 'registry.read');
  if (denied) return denied;
  const points = new Map<string, TimelinePoint>();
  for (const r of await registry.modelRowsPerSnapshot(deps.db)) {
    const key = `${r.date} ${r.list}`;
    let p = points.get(key);
    if (!p) {
      p = { date: r.date, list: r.list, models: { JEM: 0, WSO: 0, TFM: 0 }, total: 0 };
      points.set(key, p);
    }
    p.models[r.model] = r.rows;
    p.total += r.rows;
  }
  return ok({ items: [...points.values()] });
}
