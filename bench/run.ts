/**
 * `npm run bench [-- NAME...]`: each figure beside a baseline measured in the same run, as a
 * ratio, because these machines are shared and noisy. Targets come from the issues.
 * Suites: registry, matching, authority, audit. With no names, all run.
 */
import { auditBench } from './audit.ts';
import { authorityBench } from './authority.ts';
import { caseworkBench } from './casework.ts';
import { crashBench } from './crash.ts';
import { loadBench } from './load.ts';
import { matchingBench } from './matching.ts';
import { registryBench } from './registry.ts';
import { statisticsBench } from './statistics.ts';
import { printTable, type Row } from './table.ts';

const SUITES: Record<string, () => Promise<Row[]>> = {
  registry: registryBench,
  matching: matchingBench,
  authority: authorityBench,
  audit: auditBench,
  statistics: statisticsBench,
  casework: caseworkBench,
  crash: crashBench,
  load: loadBench,
};

// Suite names; `--name value` options belong to the suites (e.g. statistics --encounters N).
const wanted = process.argv
  .slice(2)
  .filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
const unknown = wanted.filter((w) => !(w in SUITES));
if (unknown.length) {
  console.error(`bench: unknown suite ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`);
  process.exit(64);
}
const rows: Row[] = [];
for (const [name, suite] of Object.entries(SUITES)) {
  if (wanted.length === 0 || wanted.includes(name)) rows.push(...(await suite()));
}
printTable(rows);
