/**
 * The subject index at booking intake (issue 6): one in-memory `SubjectIndex` per database
 * per process, loaded from the persistent index (migration 0015, store/subject-index.ts) the
 * first time it is needed and kept current by catching up on the matching records whose
 * generation is above the one it holds (a trigger writes them with every subject added,
 * changed or merged, in that transaction). After a commit that added or merged a subject, the
 * in-memory copy is updated at once; the catch-up then finds nothing new. A model version or
 * threshold change in the database rebuilds it.
 *
 * The model's m, u and λ are stored by version. When none is stored, or the stored one no
 * longer fits the comparisons the code has, one is trained unsupervised on a seeded synthetic
 * reference population (no real person's data) and stored, so every process uses the same.
 */

import type {
  IncomingPerson,
  MatchExplanation,
  ProbabilisticEvidence,
  ScoredCandidate,
} from '../../domain/subject-resolution.ts';
import type { Comparison } from '../../matching/comparisons.ts';
import { COMPARISONS } from '../../matching/comparisons.ts';
import { linkRecords } from '../../matching/linker.ts';
import { MatchModel } from '../../matching/model.ts';
import { seededRng } from '../../matching/random.ts';
import type { PersonRecord, Role } from '../../matching/roles.ts';
import { SubjectIndex } from '../../matching/subject-index.ts';
import { syntheticPeople } from '../../matching/synthetic.ts';
import * as store from '../../store/subject-index.ts';
import type { Deps } from '../deps.ts';

/** The roles a subject record carries for matching (the trigger in 0015 writes the same). */
export const INTAKE_ROLES: ReadonlySet<Role> = new Set<Role>([
  'first_name',
  'middle_name',
  'last_name',
  'dob',
  'sex',
  'a_number',
  'fbi_number',
]);

const STRONG_IDENTIFIERS = new Set(['a_number', 'fbi_number']);
const AGREEING_LEVELS = new Set(['exact', 'one edit']);
const CANDIDATE_LIMIT = 10;
const REFERENCE_SIZE = 6000;
const REFERENCE_SEED = 287;

export type MatchPerson = IncomingPerson & { sex?: string | undefined };

/** A person as the matching record the index holds (sex U = unknown = missing). */
export function matchRecord(id: string, p: MatchPerson): PersonRecord {
  const r: PersonRecord = { id, first_name: p.firstName, last_name: p.lastName, dob: p.dob };
  if (p.middleName != null) r.middle_name = p.middleName;
  if (p.sex != null && p.sex !== 'U') r.sex = p.sex;
  if (p.aNumber != null) r.a_number = p.aNumber;
  if (p.fbiNumber != null) r.fbi_number = p.fbiNumber;
  return r;
}

// The reference model -------------------------------------------------------------------------

/**
 * Synthetic people with what bookings carry beyond the generator's fields: a middle name
 * (often dropped or shortened to an initial), an FBI number on some (sometimes missing or
 * mistyped), and a rare keyed error in sex.
 */
function referencePopulation(): PersonRecord[] {
  const rng = seededRng(REFERENCE_SEED + 1);
  const people = syntheticPeople(REFERENCE_SIZE, REFERENCE_SEED);
  const letters = 'ABCDEFGHJKLMNPRSTVWXYZ';
  const middles = new Map<string, string>();
  const fbis = new Map<string, string>();
  const givenPool = people.map((p) => p.first_name ?? '').filter(Boolean);
  return people.map(({ truth, id, first_name, last_name, dob, sex, a_number }) => {
    if (!middles.has(truth))
      middles.set(truth, rng() < 0.5 ? givenPool[Math.floor(rng() * givenPool.length)]! : '');
    if (!fbis.has(truth))
      fbis.set(
        truth,
        rng() < 0.4
          ? `${String(Math.floor(rng() * 1e6)).padStart(6, '0')}${letters[Math.floor(rng() * letters.length)]}${letters[Math.floor(rng() * letters.length)]}`
          : '',
      );
    const copy = !id.endsWith('-0');
    let middle = middles.get(truth)!;
    let fbi = fbis.get(truth)!;
    let s = sex ?? '';
    if (copy) {
      if (middle && rng() < 0.3) middle = '';
      else if (middle && rng() < 0.15) middle = middle[0]!;
      if (fbi && rng() < 0.4) fbi = '';
      else if (fbi && rng() < 0.03) fbi = `${fbi.slice(0, 2)}${(Number(fbi[2]) + 1) % 10}${fbi.slice(3)}`;
      if (rng() < 0.01) s = s === 'M' ? 'F' : 'M';
    }
    return {
      id,
      first_name: first_name ?? '',
      middle_name: middle,
      last_name: last_name ?? '',
      dob: dob ?? '',
      sex: s,
      a_number: a_number ?? '',
      fbi_number: fbi,
    };
  });
}

const shapeOf = (c: Comparison) => ({ name: c.name, levels: [...c.levels] });

let reference: Omit<store.StoredModel, 'version'> | null = null;

/** Trained once per process (deterministic: the same population and seed give the same model). */
function referenceModel(): Omit<store.StoredModel, 'version'> {
  if (reference) return reference;
  const { model } = linkRecords(
    referencePopulation(),
    null,
    { seed: REFERENCE_SEED, uSamples: 50_000 },
    INTAKE_ROLES,
  );
  const json = model.toJSON();
  reference = {
    comparisons: model.comparisons.map(shapeOf),
    m: json.m,
    u: json.u,
    lambda: json.lambda,
    trainedOn: `synthetic reference population: ${REFERENCE_SIZE} records, seed ${REFERENCE_SEED}`,
  };
  return reference;
}

/** The stored model still fits the code: every comparison exists with the same levels. */
function fits(m: store.StoredModel): boolean {
  return m.comparisons.every((s) => {
    const c = COMPARISONS.find((x) => x.name === s.name);
    return c !== undefined && c.levels.join('\u0000') === s.levels.join('\u0000');
  });
}

async function currentModel(deps: Deps, state: store.IndexState): Promise<store.StoredModel> {
  const stored = state.modelVersion === null ? null : await store.readModel(deps.db, state.modelVersion);
  if (stored && fits(stored)) return stored;
  const version = await store.saveModel(deps.db, referenceModel(), state.modelVersion, deps.clock.now());
  const saved = await store.readModel(deps.db, version);
  if (!saved) throw new Error(`subject match model ${version} is missing`);
  return saved;
}

// The cache ----------------------------------------------------------------------------------

interface Loaded {
  indexId: string;
  modelVersion: number;
  reviewThreshold: number;
  autoLinkThreshold: number;
  generation: number;
  index: SubjectIndex;
  subjectOf: Map<string, string>;
  recordsOf: Map<string, Set<string>>;
}

const cache = new Map<string, Loaded>();

/** Forget every loaded index (tests: a new process; after a rolled-back batch). */
export function clearSubjectIndexCache(): void {
  cache.clear();
  last = null;
}

function track(l: Loaded, recordId: string, subjectId: string) {
  l.subjectOf.set(recordId, subjectId);
  const set = l.recordsOf.get(subjectId) ?? new Set<string>();
  set.add(recordId);
  l.recordsOf.set(subjectId, set);
}

/** Add a record, or fold its old subject into the one it now resolves to. False: rebuild. */
function applyRecord(l: Loaded, recordId: string, subjectId: string, record: PersonRecord): boolean {
  const was = l.subjectOf.get(recordId);
  if (was === undefined) {
    l.index.add(subjectId, record);
    track(l, recordId, subjectId);
    return true;
  }
  if (was === subjectId) return true;
  return applyMerge(l, subjectId, was);
}

function applyMerge(l: Loaded, survivor: string, absorbed: string): boolean {
  const moving = l.recordsOf.get(absorbed);
  if (!moving) return true;
  if (!l.recordsOf.has(survivor)) return false;
  l.index.merge(survivor, absorbed);
  for (const r of moving) track(l, r, survivor);
  l.recordsOf.delete(absorbed);
  return true;
}

async function build(deps: Deps, state: store.IndexState): Promise<Loaded> {
  const model = await currentModel(deps, state);
  const index = new SubjectIndex(
    MatchModel.fromJSON({
      comparisons: model.comparisons.map((c) => c.name),
      m: model.m,
      u: model.u,
      lambda: model.lambda,
    }),
    { reviewThreshold: state.reviewThreshold },
  );
  const l: Loaded = {
    indexId: state.indexId,
    modelVersion: model.version,
    reviewThreshold: state.reviewThreshold,
    autoLinkThreshold: state.autoLinkThreshold,
    generation: 0,
    index,
    subjectOf: new Map(),
    recordsOf: new Map(),
  };
  for (const row of await store.readMatchRecords(deps.db, 0)) {
    applyRecord(l, row.recordId, row.subjectId, { ...row.record, id: row.recordId });
    l.generation = Math.max(l.generation, row.generation);
  }
  l.generation = Math.max(l.generation, state.generation);
  cache.set(state.indexId, l);
  return l;
}

/** The index this process used last: its generation is what the next read asks changes after. */
let last: Loaded | null = null;

/** The index for this database, current with every committed change (and the caller's own). */
export async function loadSubjectIndex(deps: Deps): Promise<Loaded> {
  // Nothing held yet: ask for no changes (the build reads every record).
  const asked = last;
  const after = asked ? asked.generation : Number.MAX_SAFE_INTEGER;
  const { state, changes } = await store.readIndexStateAndChanges(deps.db, after);
  const l = cache.get(state.indexId);
  if (
    !l ||
    l.modelVersion !== state.modelVersion ||
    l.reviewThreshold !== state.reviewThreshold ||
    l.autoLinkThreshold !== state.autoLinkThreshold
  ) {
    last = await build(deps, state);
    return last;
  }
  last = l;
  if (state.generation <= l.generation) return l;
  // The changes came for another database's index: read this one's.
  const rows =
    asked === l && after <= l.generation ? changes : await store.readMatchRecords(deps.db, l.generation);
  // Another caller may have applied some while this one waited for the rows (no await below).
  const from = l.generation;
  let to = from;
  for (const row of rows) {
    if (row.generation <= from) continue;
    if (!applyRecord(l, row.recordId, row.subjectId, { ...row.record, id: row.recordId })) {
      last = await build(deps, state);
      return last;
    }
    to = Math.max(to, row.generation);
  }
  l.generation = Math.max(to, state.generation);
  return l;
}

const INCOMING = '\u0000incoming';

function explanationOf(l: Loaded, record: PersonRecord, recordId: string): MatchExplanation {
  const w = l.index.explain(record, recordId);
  return {
    prior: w.prior,
    namesSwapped: w.namesSwapped,
    steps: w.steps.map((s) => ({
      comparison: s.comparison,
      level: s.level,
      weight: s.weight,
      tfAdjustment: s.tfAdjustment,
    })),
    weight: w.weight,
    probability: w.probability,
  };
}

function identifiersOf(e: MatchExplanation): ScoredCandidate['identifiers'] {
  const agree: string[] = [];
  const disagree: string[] = [];
  for (const s of e.steps) {
    if (!STRONG_IDENTIFIERS.has(s.comparison) || s.level === 'missing') continue;
    if (AGREEING_LEVELS.has(s.level)) agree.push(s.comparison);
    else if (s.level === 'different') disagree.push(s.comparison);
  }
  return { agree, disagree };
}

/** The known subjects the index scores at or above the review threshold, best first, explained. */
export async function scoreAgainstIndex(
  deps: Deps,
  person: MatchPerson,
): Promise<{ evidence: ProbabilisticEvidence; indexId: string }> {
  const l = await loadSubjectIndex(deps);
  const record = matchRecord(INCOMING, person);
  const candidates = l.index.resolve(record, CANDIDATE_LIMIT).map((c): ScoredCandidate => {
    const explanation = explanationOf(l, record, c.recordId);
    return {
      subjectId: c.subjectId,
      weight: c.weight,
      probability: c.probability,
      identifiers: identifiersOf(explanation),
      explanation,
    };
  });
  return {
    evidence: { candidates, reviewThreshold: l.reviewThreshold, autoLinkThreshold: l.autoLinkThreshold },
    indexId: l.indexId,
  };
}

/**
 * After the commit that created a subject: the in-memory copy learns it at once (the record
 * the trigger stored, under the subject's id); the next catch-up skips it.
 */
export function subjectAddedAfterCommit(indexId: string, subjectId: string, p: MatchPerson): void {
  const l = cache.get(indexId);
  if (!l || l.subjectOf.has(subjectId)) return;
  applyRecord(l, subjectId, subjectId, matchRecord(subjectId, p));
}

/** After the commit that merged two subjects: catch up (the merge moved their records). */
export async function subjectsMergedAfterCommit(deps: Deps): Promise<void> {
  await loadSubjectIndex(deps);
}

/** A possible-match task's data: the index's score and its waterfall, for the review screen. */
export function matchTaskData(m: {
  subjectId: string;
  reasons: readonly string[];
  score?: ScoredCandidate | undefined;
}) {
  return {
    candidateSubjectId: m.subjectId,
    reasons: m.reasons.join('; '),
    ...(m.score
      ? {
          match: {
            probability: m.score.probability,
            weight: m.score.weight,
            identifiers: m.score.identifiers,
            explanation: m.score.explanation,
          },
        }
      : {}),
  };
}
