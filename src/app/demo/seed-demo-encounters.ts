/**
 * Synthetic historical encounters for the demo (issue 8), so the statistics and the public
 * dashboard have something to show: a seeded, deterministic set over the eight complete
 * quarters before today, in five states and all three models, written through the import's
 * store path (one import row, batch inserts, the `encounters.imported` audit event in the same
 * transaction) and folded into the rollups. No real person: subject ids are serial numbers.
 */
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../domain/actor.ts';
import { isoDate } from '../../domain/clock.ts';
import { type EncounterRow, rowFingerprint } from '../../domain/encounters-file.ts';
import { releaseQuarters } from '../../domain/public-tables.ts';
import { MODELS } from '../../domain/registry.ts';
import { ok, type Result } from '../../domain/result.ts';
import type { Conviction } from '../../domain/statistics.ts';
import { appendAudit } from '../../store/audit.ts';
import { finishImport, insertEncounters, insertImport, lockStatistics } from '../../store/encounters.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { catchUpRollups } from '../statistics/refresh-rollups.ts';

export const DEMO_ENCOUNTER_STATES = ['AZ', 'FL', 'GA', 'NC', 'TX'] as const;
export const DEMO_ENCOUNTER_SEED = 287_008;
const SOURCE_FILE = 'demo-encounters-synthetic.csv';
const BATCH = 5_000;

/** Mulberry32: a small seeded generator, the same sequence for the same seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** NCIC codes the generator draws convictions from (categories of the table and "other"). */
const CODES = [
  '0911',
  '1001',
  '1102',
  '1205',
  '1313',
  '1399',
  '3562',
  '3599',
  '3601',
  '4801',
  '5212',
  '2399',
  '5404',
];

const addDays = (day: string, n: number) =>
  new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)) + n))
    .toISOString()
    .slice(0, 10);

/** The synthetic rows for a demo whose "today" is `today`. Deterministic. */
export function demoEncounterRows(today: string, seed = DEMO_ENCOUNTER_SEED): EncounterRow[] {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const rows: EncounterRow[] = [];
  let subject = 0;
  for (const q of releaseQuarters(today)) {
    const days = Math.round(
      (Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / 86_400_000,
    );
    for (const model of MODELS)
      for (const state of DEMO_ENCOUNTER_STATES) {
        const n = 30 + Math.floor(random() * 30);
        for (let i = 0; i < n; i++) {
          subject++;
          const subjectId = `DEMO-S${String(subject).padStart(6, '0')}`;
          const date = addDays(q.from, Math.floor(random() * (days + 1)));
          const convictions: Conviction[] = [];
          const k = random() < 0.45 ? 1 + Math.floor(random() * 2) : 0;
          for (let j = 0; j < k; j++)
            convictions.push({ code: pick(CODES), date: addDays(date, -(30 + Math.floor(random() * 3000))) });
          const encounter = (suffix: string, on: string): EncounterRow => ({
            encounterId: `DEMO-E${String(subject).padStart(6, '0')}${suffix}`,
            agency: `${state} Demo County Sheriff's Office`,
            state,
            model,
            encounterDate: on,
            subjectId,
            convictions,
            pendingCharges: [],
            detainerIssued: random() < 0.6,
            removalProceedings: random() < 0.4,
          });
          rows.push(encounter('A', date));
          // About one subject in six is encountered again, up to 200 days later.
          const again = addDays(date, 1 + Math.floor(random() * 200));
          if (random() < 0.17 && again < today) rows.push(encounter('B', again));
        }
      }
  }
  return rows;
}

export async function seedDemoEncounters(
  deps: Deps,
  actor: Actor,
): Promise<Result<{ encounters: number; importId: string }>> {
  const denied = await guard(deps, actor, 'encounters.import');
  if (denied) return denied;
  const at = deps.clock.now();
  const rows = demoEncounterRows(isoDate(at));
  const importId = uuidv7();
  const { fresh, auditId } = await deps.db.transaction().execute(async (tx) => {
    await lockStatistics(tx);
    await insertImport(tx, { importId, sourceFile: SOURCE_FILE, importedBy: actor.id, at });
    let fresh = 0;
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows
        .slice(i, i + BATCH)
        .map((row) => ({ row, hash: createHash('sha256').update(rowFingerprint(row)).digest('hex') }));
      fresh += (await insertEncounters(tx, importId, batch)).size;
    }
    await finishImport(tx, importId, rows.length, fresh);
    const auditId = await appendAudit(tx, actor, at, {
      type: 'encounters.imported',
      resource: { type: 'encounter_import', id: importId },
      data: {
        sourceFile: SOURCE_FILE,
        rows: rows.length,
        newEncounters: fresh,
        unchanged: rows.length - fresh,
      },
    });
    return { fresh, auditId };
  });
  await catchUpRollups(deps, actor);
  return ok({ encounters: fresh, importId }, auditId);
}
