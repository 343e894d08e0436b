/**
 * The persistent subject index (migration 0015): the match model's parameters by version, the
 * matching records (one per subject version, pointing at the subject it resolves to after
 * merges) and the generation counter that orders their changes. The records are written by a
 * trigger on `subjects`, in the transaction that writes the subject; this file only reads them,
 * stores a model, and sets the thresholds.
 */
import { sql } from 'kysely';
import type { Db, Tx } from './db.ts';

type Q = Db | Tx;

export interface IndexState {
  indexId: string;
  generation: number;
  modelVersion: number | null;
  reviewThreshold: number;
  autoLinkThreshold: number;
}

export interface StoredModel {
  version: number;
  comparisons: { name: string; levels: string[] }[];
  m: number[][];
  u: number[][];
  lambda: number;
  trainedOn: string;
}

export interface MatchRecordRow {
  recordId: string;
  subjectId: string;
  record: Record<string, string>;
  generation: number;
}

export async function readIndexState(q: Q): Promise<IndexState> {
  const r = await sql<{
    index_id: string;
    generation: string | number;
    model_version: number | null;
    review_threshold: number;
    auto_link_threshold: number;
  }>`SELECT index_id, generation, model_version, review_threshold, auto_link_threshold
       FROM subject_index_state`.execute(q);
  const row = r.rows[0];
  if (!row) throw new Error('subject_index_state is empty: migration 0015 has not run');
  return {
    indexId: row.index_id,
    generation: Number(row.generation),
    modelVersion: row.model_version,
    reviewThreshold: row.review_threshold,
    autoLinkThreshold: row.auto_link_threshold,
  };
}

/**
 * The state and, in the same statement, the records changed after `afterGeneration` (meant
 * for the index the caller holds: it checks `indexId` before using them). One round trip for
 * the common case at intake, where nothing or only the caller's own last subject changed.
 */
export async function readIndexStateAndChanges(
  q: Q,
  afterGeneration: number,
): Promise<{ state: IndexState; changes: MatchRecordRow[] }> {
  const r = await sql<{
    index_id: string;
    generation: string | number;
    model_version: number | null;
    review_threshold: number;
    auto_link_threshold: number;
    changes:
      | { record_id: string; subject_id: string; record: Record<string, string>; generation: number }[]
      | null;
  }>`SELECT s.index_id, s.generation, s.model_version, s.review_threshold, s.auto_link_threshold,
            (SELECT json_agg(json_build_object('record_id', r.record_id, 'subject_id', r.subject_id,
                                               'record', r.record, 'generation', r.generation)
                             ORDER BY r.generation, r.record_id)
               FROM subject_match_records r WHERE r.generation > ${afterGeneration}) AS changes
       FROM subject_index_state s`.execute(q);
  const row = r.rows[0];
  if (!row) throw new Error('subject_index_state is empty: migration 0015 has not run');
  return {
    state: {
      indexId: row.index_id,
      generation: Number(row.generation),
      modelVersion: row.model_version,
      reviewThreshold: row.review_threshold,
      autoLinkThreshold: row.auto_link_threshold,
    },
    changes: (row.changes ?? []).map((x) => ({
      recordId: x.record_id,
      subjectId: x.subject_id,
      record: x.record,
      generation: Number(x.generation),
    })),
  };
}

export async function readModel(q: Q, version: number): Promise<StoredModel | null> {
  const r = await sql<{
    version: number;
    comparisons: StoredModel['comparisons'];
    m: number[][];
    u: number[][];
    lambda: number;
    trained_on: string;
  }>`SELECT version, comparisons, m, u, lambda, trained_on FROM subject_match_models
      WHERE version = ${version}`.execute(q);
  const row = r.rows[0];
  return row
    ? {
        version: row.version,
        comparisons: row.comparisons,
        m: row.m,
        u: row.u,
        lambda: row.lambda,
        trainedOn: row.trained_on,
      }
    : null;
}

/**
 * Store a new model version and make it current, unless another process made one current
 * since `replacing` was read (then that one is kept). Returns the current version.
 */
export async function saveModel(
  q: Q,
  model: Omit<StoredModel, 'version'>,
  replacing: number | null,
  at: Date,
): Promise<number> {
  const inserted = await sql<{ version: number }>`
    INSERT INTO subject_match_models (version, comparisons, m, u, lambda, trained_on, created_at)
    SELECT COALESCE(MAX(version), 0) + 1, ${JSON.stringify(model.comparisons)}::jsonb,
           ${JSON.stringify(model.m)}::jsonb, ${JSON.stringify(model.u)}::jsonb, ${model.lambda},
           ${model.trainedOn}, ${at}
      FROM subject_match_models
    ON CONFLICT (version) DO NOTHING
    RETURNING version`.execute(q);
  const version = inserted.rows[0]?.version;
  if (version !== undefined)
    await sql`UPDATE subject_index_state SET model_version = ${version}
               WHERE model_version IS NOT DISTINCT FROM ${replacing}::integer`.execute(q);
  return (await readIndexState(q)).modelVersion ?? version ?? 0;
}

/** Matching records changed after `generation` (all of them from 0), in the order they changed. */
export async function readMatchRecords(q: Q, afterGeneration: number): Promise<MatchRecordRow[]> {
  const r = await sql<{
    record_id: string;
    subject_id: string;
    record: Record<string, string>;
    generation: string | number;
  }>`SELECT record_id, subject_id, record, generation FROM subject_match_records
      WHERE generation > ${afterGeneration} ORDER BY generation, record_id`.execute(q);
  return r.rows.map((x) => ({
    recordId: x.record_id,
    subjectId: x.subject_id,
    record: x.record,
    generation: Number(x.generation),
  }));
}

export async function setIndexThresholds(
  q: Q,
  t: { reviewThreshold?: number | undefined; autoLinkThreshold?: number | undefined },
): Promise<void> {
  await sql`UPDATE subject_index_state
               SET review_threshold = COALESCE(${t.reviewThreshold ?? null}::double precision, review_threshold),
                   auto_link_threshold = COALESCE(${t.autoLinkThreshold ?? null}::double precision, auto_link_threshold)`.execute(
    q,
  );
}
