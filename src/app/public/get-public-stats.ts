/**
 * The public dashboard (no sign-in; `registry.read` is public): the latest release that passed
 * its check, published (rounded) values only, and its CSV downloads. A table is chosen from the
 * fixed list by id; nothing else can be asked for. Reads of public data are not audited.
 */
import type { Actor } from '../../domain/actor.ts';
import type { PublishedTable } from '../../domain/disclosure-control.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { latestPassedRelease } from '../../store/public-releases.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { dictionaryCsv, METHODOLOGY, tableCsv } from './public-stats-csv.ts';

/** Before the first release passes, every release field is null and there are no tables. */
export interface PublicStats {
  releaseId: string | null;
  builtAt: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  methodology: readonly string[];
  tables: PublishedTable[];
}

export async function getPublicStats(deps: Deps, actor: Actor): Promise<Result<PublicStats>> {
  const denied = await guard(deps, actor, 'registry.read');
  if (denied) return denied;
  const release = await latestPassedRelease(deps.db);
  if (!release)
    return ok({
      releaseId: null,
      builtAt: null,
      periodFrom: null,
      periodTo: null,
      methodology: METHODOLOGY,
      tables: [],
    });
  return ok({
    releaseId: release.releaseId,
    builtAt: release.builtAt,
    periodFrom: release.periodFrom,
    periodTo: release.periodTo,
    methodology: METHODOLOGY,
    tables: release.tables,
  });
}

/** A download: one table by id, or `dictionary` for the data dictionary and methodology note. */
export async function getPublicStatsCsv(
  deps: Deps,
  actor: Actor,
  name: string,
): Promise<Result<{ filename: string; csv: string }>> {
  const stats = await getPublicStats(deps, actor);
  if (!stats.ok) return stats;
  if (name === 'dictionary') return ok({ filename: 'public-stats-dictionary.csv', csv: dictionaryCsv() });
  if (stats.value.releaseId === null)
    return fail('not_found', 'No public statistics release has been published yet.', {
      where: { field: 'table' },
    });
  const table = stats.value.tables.find((t) => t.id === name);
  if (!table) return fail('not_found', `There is no public table "${name}".`, { where: { field: 'table' } });
  return ok({ filename: `${table.id}.csv`, csv: tableCsv(table) });
}
