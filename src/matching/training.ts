/**
 * Unsupervised training, after Splink's method. u comes from random pairs. m comes from EM
 * run in sessions, each on the candidate pairs that share one strong key (the same date of
 * birth; the same given and family names): inside a session the comparisons behind its key
 * are ignored, because every pair there agrees on them by construction, and the others
 * behave among non-matches as they do among random pairs, so the random-pair u stays valid.
 * Each comparison's m is averaged over the sessions that learned it.
 *
 * The prior follows from the same sessions: a session finds λ·N matches among its N pairs,
 * which is its key's recall (the chance both records of a match carry the key, times the m
 * of agreeing on it, learned in the other sessions) times all matches; divided by all
 * possible pairs, that is the chance two records match.
 */
import type { Comparison } from './comparisons.ts';
import {
  type EmResult,
  estimateU,
  expectationMaximisation,
  initialM,
  LEVEL_BASE,
  levelAt,
  randomPairs,
} from './fellegi-sunter.ts';
import { MatchModel } from './model.ts';
import type { NormalisedRecord } from './normalise.ts';
import { seededRng } from './random.ts';
import { TermFrequencies } from './term-frequency.ts';

interface Session {
  name: string;
  key(r: NormalisedRecord): string;
  /** Comparisons ignored in this session, and the levels that mean "agrees on the key". */
  covers: Record<string, readonly number[]>;
}

const unordered = (a: string, b: string) => (!a || !b ? '' : a < b ? `${a}|${b}` : `${b}|${a}`);

const SESSIONS: readonly Session[] = [
  { name: 'same date of birth', key: (r) => r.dob, covers: { dob: [0] } },
  {
    name: 'same given and family name keys',
    key: (r) => unordered(r.firstKey, r.lastKeys[0] ?? ''),
    covers: { first_name: [0, 1], last_name: [0, 1], full_name: [] },
  },
  { name: 'same SSN', key: (r) => r.ssn, covers: { ssn: [0] } },
  { name: 'same A-number', key: (r) => r.aNumber, covers: { a_number: [0] } },
  { name: 'same FBI number', key: (r) => r.fbi, covers: { fbi_number: [0] } },
];

export interface SessionReport {
  session: string;
  pairs: number;
  em: EmResult;
  /** Estimated number of matching pairs in the whole input, from this session. */
  estimatedMatches: number | null;
}

export interface TrainingInput {
  comparisons: readonly Comparison[];
  left: readonly NormalisedRecord[];
  right: readonly NormalisedRecord[] | null;
  /** Candidate pairs (indices into left and right-or-left) and their packed level patterns. */
  pairLeft: Int32Array;
  pairRight: Int32Array;
  patterns: Float64Array;
  count: number;
  seed: number;
  uSamples: number;
}

export interface Training {
  model: MatchModel;
  sessions: SessionReport[];
}

/** The pattern with the ignored comparisons set to null. */
function mask(pattern: number, ignored: readonly number[]): number {
  let p = pattern;
  for (const k of ignored) p -= (levelAt(pattern, k) + 1) * LEVEL_BASE ** k;
  return p;
}

export function train(input: TrainingInput): Training {
  const { comparisons, left, right } = input;
  const u = estimateU(comparisons, randomPairs(seededRng(input.seed), left, right), input.uSamples);
  const index = new Map(comparisons.map((c, k) => [c.name, k]));
  const learned = comparisons.map(() => [] as number[][]);
  const reports: SessionReport[] = [];
  const active = SESSIONS.filter((s) => Object.keys(s.covers).some((name) => index.has(name)));
  const runs: { session: Session; em: EmResult; pairs: number; ignored: number[]; present: number }[] = [];
  const share = (keys: readonly string[]) =>
    keys.length ? keys.reduce((n, k) => n + (k ? 1 : 0), 0) / keys.length : 0;
  for (const session of active) {
    const ignored = Object.keys(session.covers)
      .map((name) => index.get(name))
      .filter((k): k is number => k !== undefined);
    const distinct = new Map<number, number>();
    let pairs = 0;
    const leftKeys = left.map(session.key);
    const rightKeys = right ? right.map(session.key) : leftKeys;
    for (let p = 0; p < input.count; p++) {
      const key = leftKeys[input.pairLeft[p]!]!;
      if (!key || key !== rightKeys[input.pairRight[p]!]) continue;
      const masked = mask(input.patterns[p]!, ignored);
      distinct.set(masked, (distinct.get(masked) ?? 0) + 1);
      pairs++;
    }
    if (pairs < 10) continue;
    const em = expectationMaximisation(
      [...distinct.keys()],
      [...distinct.values()],
      comparisons.map((c) => c.levels.length),
      { m: initialM(comparisons), u, lambda: 0.5 },
      { fixU: true },
    );
    for (let k = 0; k < comparisons.length; k++) if (!ignored.includes(k)) learned[k]!.push(em.m[k]!);
    // The chance a pair of records both carry the key, missingness taken as independent.
    const present = share(leftKeys) * (right ? share(rightKeys) : share(leftKeys));
    runs.push({ session, em, pairs, ignored, present });
  }
  const start = initialM(comparisons);
  const m = learned.map((rows, k) =>
    rows.length ? rows[0]!.map((_, l) => rows.reduce((s, row) => s + row[l]!, 0) / rows.length) : start[k]!,
  );
  // A session only sees pairs whose records both carry its key: its recall among all matches
  // is the chance both carry it times the chance matches agree on it given both do (m,
  // learned with missing values left out). Leaving the first factor out takes every match
  // for one with the key, underestimates the prior wherever keys go missing, and so misses
  // links whose evidence is thin.
  const estimates: number[] = [];
  for (const run of runs) {
    let recall = run.present;
    let known = true;
    for (const [name, levels] of Object.entries(run.session.covers)) {
      const k = index.get(name);
      if (k === undefined || levels.length === 0) continue;
      if (learned[k]!.length === 0) known = false;
      recall *= levels.reduce((s, l) => s + m[k]![l]!, 0);
    }
    const estimatedMatches = known ? (run.em.lambda * run.pairs) / recall : null;
    if (estimatedMatches !== null) estimates.push(estimatedMatches);
    reports.push({ session: run.session.name, pairs: run.pairs, em: run.em, estimatedMatches });
  }
  const possible = right ? left.length * right.length : (left.length * (left.length - 1)) / 2;
  // Without an estimate, assume each record has one match somewhere: a neutral, conservative prior.
  const matches = estimates.length
    ? Math.exp(estimates.reduce((s, e) => s + Math.log(Math.max(e, 1)), 0) / estimates.length)
    : Math.min(left.length, (right ?? left).length);
  const lambda = Math.min(0.5, Math.max(1 / possible, matches / possible));
  const all = right ? [...left, ...right] : left;
  const tf = comparisons.map((c) => (c.tfValue ? TermFrequencies.of(all.map(c.tfValue)) : null));
  return { model: new MatchModel(comparisons, { m, u, lambda }, tf), sessions: reports };
}
