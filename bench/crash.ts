/**
 * Crash bench (issue 7; security.md R33, R34): 20 seeds of the crash test, alternating SIGKILL of
 * the server (A) and `pg_ctl stop -m immediate` of PostgreSQL (B), on one dedicated durable
 * cluster. Prints one line per seed, then two rows for the bench table: acknowledged writes lost
 * (target 0) and the median time back to serving beside the server's cold start in the same run.
 * Needs the PostgreSQL binaries and root (runuser); `npm run bench crash`.
 */
import fs from 'node:fs';
import { deploy, signIn, startServer } from '../test/crash/app.ts';
import { crashRun, type RunResult } from '../test/crash/burst.ts';
import { canRunCluster, startCluster } from '../test/crash/cluster.ts';
import { median, ms, type Row, tmp } from './table.ts';

export const CRASH_SEEDS = 20;

export async function crashBench(): Promise<Row[]> {
  if (!canRunCluster()) {
    console.error('crash bench: needs /usr/lib/postgresql/*/bin and root; skipped');
    return [];
  }
  const work = tmp('delegate-crash-bench-');
  const cluster = await startCluster();
  const results: RunResult[] = [];
  let coldStartMs = 0;
  try {
    const dep = await deploy(cluster, work);
    let server = await startServer(dep.env);
    coldStartMs = server.startMs;
    const { cookie } = await signIn(server.base);
    const header =
      'seed variant crash-at acked refused unknown (committed) unsent recovery amcheck violations';
    console.log(header);
    for (let i = 0; i < CRASH_SEEDS; i++) {
      const run = await crashRun(dep, server, cookie, 1000 + i, i % 2 === 0 ? 'A' : 'B');
      server = run.server;
      const r = run.result;
      results.push(r);
      console.log(
        [
          r.seed,
          r.variant,
          `${r.crashAtMs}ms`,
          r.acked,
          r.refused,
          `${r.unknown} (${r.unknownCommitted})`,
          r.unsent,
          `${r.recoveryMs}ms`,
          r.amcheck,
          r.violations.length ? r.violations.slice(0, 3).join('; ') : 'none',
        ].join('  '),
      );
    }
    await server.stop();
  } finally {
    await cluster.destroy();
    fs.rmSync(work, { recursive: true, force: true });
  }
  const acked = results.reduce((n, r) => n + r.acked + r.unknownCommitted, 0);
  const violations = results.reduce((n, r) => n + r.violations.length, 0);
  const recovery = (v: 'A' | 'B') => median(results.filter((r) => r.variant === v).map((r) => r.recoveryMs));
  const recoveryA = recovery('A');
  return [
    {
      name: `crash: violations over ${results.length} seeds (A: SIGKILL app, B: pg stop -m immediate)`,
      measured: `${violations} violations`,
      baseline: `${acked} committed creates checked`,
      ratio: acked ? violations / acked : 0,
      target: '0 lost, 0 duplicated',
      met: violations === 0 && results.length === CRASH_SEEDS,
    },
    {
      name: 'crash: median back to serving (A restart; B recovery)',
      measured: `${ms(recoveryA)}; ${ms(recovery('B'))}`,
      baseline: `${ms(coldStartMs)} cold start`,
      ratio: coldStartMs ? recoveryA / coldStartMs : 0,
      target: 'report',
      met: true,
    },
  ];
}
