/** The bench table: each figure beside a baseline measured in the same run, and the ratio. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Row {
  name: string;
  measured: string;
  baseline: string;
  ratio: number;
  target: string;
  met: boolean;
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(xs.length * p) - 1)]!;
export const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;
export const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

export async function time<T>(body: () => Promise<T>): Promise<number> {
  const t0 = performance.now();
  await body();
  return performance.now() - t0;
}

export function printTable(rows: Row[]): void {
  const header = ['benchmark', 'measured', 'baseline (same run)', 'ratio', 'target', 'met'];
  const cells = rows.map((r) => [
    r.name,
    r.measured,
    r.baseline,
    `${r.ratio.toFixed(r.ratio < 0.1 ? 3 : 1)}×`,
    r.target,
    r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((t) => t[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}
