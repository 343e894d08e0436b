/**
 * The public dashboard's release on PGlite and native PostgreSQL: built from the demo's
 * synthetic encounters it passes its release check, publishes rounded counts only, and is
 * served without sign-in; built from a handful of records it fails and is never served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoEncounters } from '../../src/app/demo/seed-demo-encounters.ts';
import { buildPublicRelease } from '../../src/app/public/build-public-release.ts';
import { getPublicStats, getPublicStatsCsv } from '../../src/app/public/get-public-stats.ts';
import { importEncounters } from '../../src/app/statistics/import-encounters.ts';
import { operator, PUBLIC } from '../../src/domain/actor.ts';
import { buildServer } from '../../src/http/server.ts';
import { csvOf, scratchDir } from '../statistics/support.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';

const OPERATOR = operator('test');
const officer = { kind: 'user', id: 'u-officer', role: 'lea_officer', agencyId: null } as const;

describe.each(backends())('public release on %s', (backend) => {
  describe('from a handful of records', () => {
    let t: TestDb;
    const files = scratchDir();
    beforeAll(async () => {
      t = await freshDb(backend);
      // Five subjects in each of two models, one state and quarter: published 10, 10 and a
      // total of 10, each model's count is at most 14 − 5 = 9.
      const rows = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'].map((s, i) => ({
        encounterId: `X${i}`,
        subjectId: `P${s}`,
        date: `2026-05-1${i}`,
        model: i < 5 ? ('JEM' as const) : ('TFM' as const),
        state: 'TX',
        removalProceedings: false,
        convictions: [],
      }));
      const r = await importEncounters(t.deps, OPERATOR, { file: files.write('few.csv', csvOf(rows)) });
      expect(r.ok).toBe(true);
    });
    afterAll(async () => {
      await t?.close();
      files.remove();
    });

    it('refuses an agency officer', async () => {
      const r = await buildPublicRelease(t.deps, officer);
      expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    });

    it('fails its check, naming the cells, and nothing is served', async () => {
      const r = await buildPublicRelease(t.deps, OPERATOR);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.check.passed).toBe(false);
      expect(r.value.check.problems.some((p) => p.kind === 'recoverable')).toBe(true);
      expect(await getPublicStats(t.deps, PUBLIC)).toMatchObject({
        ok: true,
        value: { releaseId: null, tables: [] },
      });
      expect(await getPublicStatsCsv(t.deps, PUBLIC, 'records-by-model-quarter')).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
    });
  });

  describe('from the demo encounters', () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await freshDb(backend);
      const seeded = await seedDemoEncounters(t.deps, OPERATOR);
      expect(seeded.ok).toBe(true);
    }, 120_000);
    afterAll(async () => {
      await t?.close();
    });

    it('passes its release check and is served without sign-in', async () => {
      const r = await buildPublicRelease(t.deps, OPERATOR);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.check.problems).toEqual([]);
      expect(r.value.check.passed).toBe(true);
      expect(r.value).toMatchObject({ periodFrom: '2024-10-01', periodTo: '2026-09-30', tables: 4 });

      const stats = await getPublicStats(t.deps, PUBLIC);
      expect(stats.ok).toBe(true);
      if (!stats.ok) return;
      expect(stats.value.releaseId).toBe(r.value.releaseId);
      expect(stats.value.tables.map((x) => x.id)).toEqual([
        'records-by-model-quarter',
        'records-by-state-quarter',
        'subjects-by-model-quarter',
        'subjects-by-state-quarter',
      ]);
      for (const table of stats.value.tables)
        for (const c of table.cells) {
          expect(c.value % 10).toBe(0);
          expect(Object.keys(c)).toEqual(['key', 'value']);
        }
      expect(JSON.stringify(stats.value)).not.toMatch(/exact|DEMO-S/);
    }, 60_000);

    it('passes again against the previous release, and offers CSV downloads', async () => {
      const again = await buildPublicRelease(t.deps, OPERATOR);
      expect(again.ok && again.value.check.passed).toBe(true);
      const csv = await getPublicStatsCsv(t.deps, PUBLIC, 'records-by-model-quarter');
      expect(csv.ok).toBe(true);
      if (csv.ok) {
        expect(csv.value.csv.split('\r\n')[0]).toBe('table,measure,model,quarter,count,percent_of_total');
        expect(csv.value.csv).toContain('records-by-model-quarter,encounters,*,*,');
      }
      const dictionary = await getPublicStatsCsv(t.deps, PUBLIC, 'dictionary');
      expect(dictionary.ok && dictionary.value.csv).toMatch(/methodology 3,.*nearest 10/);
      expect(await getPublicStatsCsv(t.deps, PUBLIC, 'by-agency')).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
    }, 60_000);

    it('is served over HTTP without sign-in, rounded, with no filter accepted', async () => {
      const app = await buildServer({ deps: t.deps, database: { kind: t.store.kind }, version: 'test' });
      try {
        const res = await app.inject({ method: 'GET', url: '/api/v1/public-stats' });
        expect(res.statusCode).toBe(200);
        const body = res.json() as { tables: { cells: { value: number }[] }[] };
        expect(body.tables.flatMap((x) => x.cells).every((c) => c.value % 10 === 0)).toBe(true);
        // No free filters (R42): an unknown query parameter is refused.
        const filtered = await app.inject({ method: 'GET', url: '/api/v1/public-stats?state=TX' });
        expect(filtered.statusCode).toBe(400);
        const csv = await app.inject({
          method: 'GET',
          url: '/api/v1/public-stats/download?table=records-by-state-quarter',
        });
        expect(csv.statusCode).toBe(200);
        expect(csv.headers['content-type']).toMatch(/^text\/csv/);
        expect(csv.headers['content-disposition']).toBe(
          'attachment; filename="records-by-state-quarter.csv"',
        );
        const bad = await app.inject({ method: 'GET', url: '/api/v1/public-stats/download?table=../etc' });
        expect(bad.statusCode).toBe(400);
      } finally {
        await app.close();
      }
    });
  });
});
