/**
 * Authority engine benchmarks (issue 3): decisions per second and p99 latency of decide() on a
 * realistic request (three entities with attributes: the officer, the subject, the agreement;
 * facts derived from dates; request validated against the schema), against a trivial in-process
 * role check measured in the same run. Target: p99 ≤ 1 ms per decision.
 */
import { authorize } from '../src/authority/authorize.ts';
import { decide } from '../src/authority/decide.ts';
import type { AuthorityScenario } from '../src/authority/scenario.ts';
import { DELEGATED_ACTIONS } from '../src/authority/vocabulary.ts';
import { operator } from '../src/domain/actor.ts';
import { baseline, COLUMNS, VARIANTS } from '../test/authority/scenarios.ts';
import { percentile, type Row } from './table.ts';

const CALLS = 20_000;
const WARMUP = 2_000;

/** A mix of every column, action and precondition, so allows and denials both count. */
function workload(): AuthorityScenario[] {
  const all: AuthorityScenario[] = [];
  for (const column of COLUMNS)
    for (const action of DELEGATED_ACTIONS)
      for (const variant of Object.values(VARIANTS)) all.push(variant(baseline(column, action)));
  return all;
}

/** The baseline: a role → actions table, the kind of check a plain RBAC would make. */
const ROLE_TABLE: Record<string, ReadonlySet<string>> = {
  lea_officer: new Set(['interview', 'query_systems', 'prepare_i213', 'serve_warrant', 'transport']),
  ice_supervisor: new Set(DELEGATED_ACTIONS),
};
const roleCheck = (s: AuthorityScenario) => ROLE_TABLE[s.actor.role]?.has(s.action) ?? false;

function measure<T>(inputs: T[], fn: (x: T) => unknown): { p99: number; perSecond: number } {
  for (let i = 0; i < WARMUP; i++) fn(inputs[i % inputs.length]!);
  const times: number[] = new Array(CALLS);
  let sink = 0;
  const t0 = performance.now();
  for (let i = 0; i < CALLS; i++) {
    const a = performance.now();
    if (fn(inputs[i % inputs.length]!)) sink++;
    times[i] = performance.now() - a;
  }
  const total = performance.now() - t0;
  if (sink < 0) console.log(sink);
  return { p99: percentile(times, 0.99), perSecond: (CALLS / total) * 1000 };
}

const us = (ms: number) => `${(ms * 1000).toFixed(ms < 0.01 ? 2 : 0)} µs`;

export async function authorityBench(): Promise<Row[]> {
  const inputs = workload();
  const base = measure(inputs, roleCheck);
  const engine = measure(inputs, (s) => decide(s).decision === 'allow');
  const op = operator('bench');
  const system = measure(['registry.import', 'audit.verify', 'moa.read'] as const, (a) => authorize(op, a));
  return [
    {
      name: `authority decide(), p99 of ${CALLS} decisions (3-entity slice, ${inputs.length} distinct scenarios)`,
      measured: us(engine.p99),
      baseline: `role check p99 ${us(base.p99)}`,
      ratio: engine.p99 / base.p99,
      target: '≤ 1 ms',
      met: engine.p99 <= 1,
    },
    {
      name: 'authority decide(), decisions per second',
      measured: `${Math.round(engine.perSecond).toLocaleString('en-US')}/s`,
      baseline: `role check ${Math.round(base.perSecond).toLocaleString('en-US')}/s`,
      ratio: base.perSecond / engine.perSecond,
      target: '—',
      met: true,
    },
    {
      name: 'authority authorize(), system action, p99',
      measured: us(system.p99),
      baseline: `role check p99 ${us(base.p99)}`,
      ratio: system.p99 / base.p99,
      target: '≤ 1 ms',
      met: system.p99 <= 1,
    },
  ];
}
