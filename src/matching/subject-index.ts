/**
 * The subject index used at booking intake: every known record, blocked under the same
 * rules as batch linkage, so one incoming record is compared only with the few records that
 * share a key with it. `resolve` returns the subjects whose best record scores at or above
 * the review threshold, best first. A subject may hold several records (one per booking);
 * `merge` folds one subject into another when a reviewer confirms they are the same person.
 *
 * Persistence belongs to the store: it saves `snapshot()` (the model's parameters and each
 * record with its subject) and rebuilds with `SubjectIndex.restore`. The index itself is
 * in memory and pure.
 */
import { BLOCKING_RULES, type BlockingRule, hashKey } from './blocking.ts';
import { explainPair, type Waterfall } from './explain.ts';
import { MatchModel, type SerializedModel } from './model.ts';
import { type NormalisedRecord, normaliseRecord } from './normalise.ts';
import type { PersonRecord } from './roles.ts';
import { TermFrequencies } from './term-frequency.ts';

export interface IndexOptions {
  /** Candidates below this match probability are not returned (default 0.5). */
  reviewThreshold?: number;
  /** Keys shared by more records than this are too common to narrow anything; skipped. */
  maxBlockSize?: number;
  rules?: readonly BlockingRule[];
}

export interface SubjectCandidate {
  subjectId: string;
  /** The subject's record that scored best against the incoming one. */
  recordId: string;
  weight: number;
  probability: number;
}

export interface IndexSnapshot {
  model: SerializedModel;
  records: { subjectId: string; record: PersonRecord }[];
}

interface Entry {
  raw: PersonRecord;
  norm: NormalisedRecord;
  subjectId: string;
}

export class SubjectIndex {
  private readonly model: MatchModel;
  private readonly rules: readonly BlockingRule[];
  private readonly threshold: number;
  private readonly maxBlock: number;
  /** Slots of removed records stay undefined; ids are never reused. */
  private readonly entries: (Entry | undefined)[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly subjects = new Map<string, Set<number>>();
  /** Per rule: hashed key → slots (a lone slot is stored bare, saving an array per record). */
  private readonly blocks: Map<number, number | number[]>[];

  /** `model` supplies the comparisons and learned weights; term frequencies are the index's own. */
  constructor(model: MatchModel, options: IndexOptions = {}) {
    const tf = model.comparisons.map((c) => (c.tfValue ? new TermFrequencies() : null));
    this.model = new MatchModel(model.comparisons, model.params, tf);
    this.rules = options.rules ?? BLOCKING_RULES;
    this.threshold = options.reviewThreshold ?? 0.5;
    this.maxBlock = options.maxBlockSize ?? 1000;
    this.blocks = this.rules.map(() => new Map());
  }

  static restore(snapshot: IndexSnapshot, options: IndexOptions = {}): SubjectIndex {
    const index = new SubjectIndex(MatchModel.fromJSON(snapshot.model), options);
    for (const { subjectId, record } of snapshot.records) index.add(subjectId, record);
    return index;
  }

  snapshot(): IndexSnapshot {
    return {
      model: this.model.toJSON(),
      records: this.entries
        .filter((e) => e !== undefined)
        .map((e) => ({ subjectId: e.subjectId, record: e.raw })),
    };
  }

  get recordCount(): number {
    return this.slotOf.size;
  }

  get subjectCount(): number {
    return this.subjects.size;
  }

  /** Add a record (a booking's identity data) to a subject, new or existing. */
  add(subjectId: string, record: PersonRecord): void {
    if (this.slotOf.has(record.id)) throw new Error(`record ${record.id} is already indexed`);
    const norm = normaliseRecord(record);
    const slot = this.entries.length;
    this.entries.push({ raw: record, norm, subjectId });
    this.slotOf.set(record.id, slot);
    const members = this.subjects.get(subjectId) ?? new Set<number>();
    members.add(slot);
    this.subjects.set(subjectId, members);
    this.model.comparisons.forEach((c, k) => {
      if (c.tfValue) this.model.tf[k]!.add(c.tfValue(norm));
    });
    this.rules.forEach((rule, r) => {
      const block = this.blocks[r]!;
      for (const key of new Set(rule.keys(norm))) {
        if (!key) continue;
        const id = hashKey(key);
        const held = block.get(id);
        if (held === undefined) block.set(id, slot);
        else if (typeof held === 'number') block.set(id, [held, slot]);
        else held.push(slot);
      }
    });
  }

  /** Fold `absorbed` into `survivor`: its records now resolve to the survivor. */
  merge(survivor: string, absorbed: string): void {
    const from = this.subjects.get(absorbed);
    const into = this.subjects.get(survivor);
    if (!from || !into) throw new Error(`unknown subject ${from ? survivor : absorbed}`);
    if (survivor === absorbed) return;
    for (const slot of from) {
      this.entries[slot]!.subjectId = survivor;
      into.add(slot);
    }
    this.subjects.delete(absorbed);
  }

  /** Subjects that may be this person, best first, each at or above the review threshold. */
  resolve(record: PersonRecord, limit = 10): SubjectCandidate[] {
    const norm = normaliseRecord(record);
    const seen = new Set<number>();
    const best = new Map<string, SubjectCandidate>();
    this.rules.forEach((rule, r) => {
      for (const key of rule.keys(norm)) {
        const held = key ? this.blocks[r]!.get(hashKey(key)) : undefined;
        if (held === undefined) continue;
        const block = typeof held === 'number' ? [held] : held;
        if (block.length > (rule.maxBlockSize ?? this.maxBlock)) continue;
        for (const slot of block) {
          if (seen.has(slot)) continue;
          seen.add(slot);
          const entry = this.entries[slot];
          if (!entry || entry.raw.id === record.id) continue;
          const { weight, probability } = this.model.score(norm, entry.norm);
          if (probability < this.threshold) continue;
          const current = best.get(entry.subjectId);
          if (!current || weight > current.weight) {
            best.set(entry.subjectId, {
              subjectId: entry.subjectId,
              recordId: entry.raw.id,
              weight,
              probability,
            });
          }
        }
      }
    });
    return [...best.values()].sort((a, b) => b.weight - a.weight).slice(0, limit);
  }

  /** The waterfall for an incoming record against one indexed record, for the review screen. */
  explain(record: PersonRecord, indexedRecordId: string): Waterfall {
    const slot = this.slotOf.get(indexedRecordId);
    const entry = slot === undefined ? undefined : this.entries[slot];
    if (!entry) throw new Error(`record ${indexedRecordId} is not indexed`);
    return explainPair(this.model, normaliseRecord(record), entry.norm);
  }
}
