/** Registry benchmarks (issue 2): import vs parse, counts latency, start-up to healthy. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { sql } from 'kysely';
import { getRegistryCounts } from '../src/app/registry/get-registry-counts.ts';
import { importAgreementLists } from '../src/app/registry/import-agreement-lists.ts';
import { operator, PUBLIC } from '../src/domain/actor.ts';
import { readListFile } from '../src/integrations/ice-agency-list/read-list-file.ts';
import { openStore } from '../src/store/db.ts';
import { median, ms, percentile, type Row, time, tmp } from './table.ts';

const REPO = path.resolve(import.meta.dirname, '..');
const DATA = path.resolve(REPO, '../shared/data/agreements');
const FILES = fs
  .readdirSync(DATA)
  .filter((f) => /^ice_287g_(participating|pending)_\d{4}-\d{2}-\d{2}\.csv$/.test(f))
  .map((f) => path.join(DATA, f));
const clock = { now: () => new Date() };
const p95 = (xs: number[]) => percentile(xs, 0.95);
const out: Row[] = [];

export async function registryBench(): Promise<Row[]> {
  await benchImport();
  await benchCounts();
  await benchStart();
  return out;
}

async function benchImport() {
  const parseTimes: number[] = [];
  const importTimes: number[] = [];
  let rowsTotal = 0;
  for (let i = 0; i < 3; i++) {
    parseTimes.push(
      await time(async () => {
        rowsTotal = 0;
        for (const f of FILES) {
          const r = await readListFile(f);
          if (!r.ok) throw new Error(r.problem.message);
          rowsTotal += r.value.rows.length;
        }
      }),
    );
    const dir = tmp('delegate-bench-import-');
    const store = await openStore({ dataDir: dir, holder: 'bench' });
    importTimes.push(
      await time(async () => {
        const r = await importAgreementLists({ db: store.db, clock }, operator('bench'), { files: FILES });
        if (!r.ok) throw new Error(r.error.userMessage);
      }),
    );
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const imp = median(importTimes);
  const parse = median(parseTimes);
  out.push({
    name: `import ${FILES.length} ICE lists (${rowsTotal} rows), PGlite file`,
    measured: ms(imp),
    baseline: `parse only ${ms(parse)}`,
    ratio: imp / parse,
    target: '≤ 5×',
    met: imp / parse <= 5,
  });
}

async function benchCounts() {
  const dir = tmp('delegate-bench-counts-');
  const store = await openStore({ dataDir: dir, holder: 'bench' });
  const deps = { db: store.db, clock };
  const r = await importAgreementLists(deps, operator('bench'), { files: FILES });
  if (!r.ok) throw new Error(r.error.userMessage);
  const dates: string[] = [];
  for (let d = Date.parse('2021-01-01'); d < Date.parse('2026-06-01'); d += 9 * 86_400_000) {
    dates.push(new Date(d).toISOString().slice(0, 10));
  }
  const base: number[] = [];
  const counts: number[] = [];
  for (let round = 0; round < 2; round++) {
    for (const asOf of dates) {
      base.push(await time(() => sql`SELECT 1`.execute(store.db)));
      counts.push(
        await time(async () => {
          const c = await getRegistryCounts(deps, PUBLIC, { asOf });
          if (!c.ok) throw new Error(c.error.userMessage);
        }),
      );
    }
  }
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const p = p95(counts);
  out.push({
    name: `counts --as-of, p95 of ${counts.length} dates, PGlite`,
    measured: ms(p),
    baseline: `SELECT 1 p95 ${ms(p95(base))}`,
    ratio: p / p95(base),
    target: '≤ 20 ms',
    met: p <= 20,
  });
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** Spawns the server and polls /api/v1/health until it answers; returns ms from spawn. */
async function startToHealthy(dataDir: string, demo: boolean): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const args = [
    path.join(REPO, 'src/cli/main.ts'),
    'serve',
    '--port',
    String(port),
    ...(demo ? ['--demo'] : []),
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, DATABASE_URL: '', DELEGATE_DATA_DIR: dataDir },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
        if (res.ok) return performance.now() - t0;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 25));
      if (performance.now() - t0 > 60_000) throw new Error('server did not become healthy in 60 s');
    }
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

async function benchStart() {
  const spawnTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    spawnTimes.push(
      await time(
        () => new Promise((r) => spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' }).once('exit', r)),
      ),
    );
  }
  const nodeStart = median(spawnTimes);
  const dir = tmp('delegate-bench-start-');
  const first = await startToHealthy(dir, true);
  const warm = median([await startToHealthy(dir, true), await startToHealthy(dir, true)]);
  fs.rmSync(dir, { recursive: true, force: true });
  out.push({
    name: 'npm start → first healthy answer, new data dir (migrate + demo seed)',
    measured: ms(first),
    baseline: `node -e 0 ${ms(nodeStart)}`,
    ratio: first / nodeStart,
    target: '—',
    met: true,
  });
  out.push({
    name: 'npm start → first healthy answer, warm (data dir exists)',
    measured: ms(warm),
    baseline: `node -e 0 ${ms(nodeStart)}`,
    ratio: warm / nodeStart,
    target: '≤ 5 s',
    met: warm <= 5000,
  });
}
