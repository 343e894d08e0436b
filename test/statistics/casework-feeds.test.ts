/**
 * Casework feeds the measures (ADR 0005): a JEM case taken through its use cases becomes one
 * encounter whose versions follow its steps — exactly one current version, written in the
 * step's transaction — and the program office's measures count it: the encounter, the signed
 * charging document (removal proceedings), the served detainer (pending outcome), the
 * supervisor's I-213 approval. A refused step writes no version.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDetainer } from '../../src/app/casework/detainer.ts';
import { getMeasures, type MeasuresReport } from '../../src/app/statistics/get-measures.ts';
import { advance, newCase } from '../casework/flow.ts';
import { type JemWorld, jemWorld, value } from '../casework/support.ts';
import { backends } from '../support/db.ts';

describe.each(backends())('casework feeds the measures on %s', (backend) => {
  let w: JemWorld;
  beforeAll(async () => {
    w = await jemWorld(backend);
  }, 120_000);
  afterAll(async () => {
    await w?.t.close();
  });

  const month = { from: '2026-11', to: '2026-11' };
  const measures = async (): Promise<MeasuresReport> => value(await getMeasures(w.t.deps, w.program, month));
  const versions = async (caseId: string) =>
    (
      await sql<{ n: number; current: number }>`
        SELECT count(*)::int AS n, (count(*) FILTER (WHERE superseded_seq IS NULL))::int AS current
        FROM encounters WHERE case_id = ${caseId}`.execute(w.t.store.db)
    ).rows[0]!;

  it('a refused step writes no encounter version', async () => {
    const { caseId } = await newCase(w);
    const before = await versions(caseId);
    expect(before).toEqual({ n: 1, current: 1 });
    const refused = await serveDetainer(w.t.deps, w.officer, caseId, { language: 'Spanish' });
    expect(refused.ok).toBe(false);
    expect(await versions(caseId)).toEqual(before);
  });

  it('a case taken to a served detainer is counted once, with its detainer, proceedings and review', async () => {
    const start = await measures();
    const { caseId } = await newCase(w);
    await advance(w, caseId, 'detainer_served');
    const v = await versions(caseId);
    expect(v.current).toBe(1);
    expect(v.n).toBeGreaterThan(1);
    const end = await measures();
    // The read refreshed the rollups; the versions superseded before the new mark are pruned.
    expect(await versions(caseId)).toEqual({ n: 1, current: 1 });
    expect(end.totals.encounters - start.totals.encounters).toBe(1);
    expect(end.totals.detainers - start.totals.detainers).toBe(1);
    expect(end.totals.proceedings - start.totals.proceedings).toBe(1);
    expect(end.detainerOutcomes.pending - start.detainerOutcomes.pending).toBe(1);
    const reviews = (r: MeasuresReport) =>
      r.supervision.find((s) => s.supervisor === w.supervisor.id)?.approvals ?? 0;
    expect(reviews(end) - reviews(start)).toBe(1);
    expect(end.convictions.identified).toBeGreaterThanOrEqual(start.convictions.identified);
  });

  it('the measures are for ICE: an agency officer is refused', async () => {
    const r = await getMeasures(w.t.deps, w.officer, month);
    expect(r.ok).toBe(false);
  });
});
