/**
 * The possible-match review (issue 6): for each candidate the subject index found at intake,
 * the waterfall of its match weight — the prior, then each field's comparison level and its
 * contribution in bits with the term-frequency part apart, the running total, and the final
 * match weight and probability. The table carries every figure (screen readers read it); the
 * bars beside it draw the same running total and are hidden from assistive technology. Under
 * each candidate, the decision (MatchDecision.tsx) for the users the server lets decide.
 */
import { type ReactNode, useState } from 'react';
import type { User } from '../api.ts';
import { DataTable } from './fields.tsx';
import {
  canDecideMatches,
  type DecisionOutcome,
  DecisionResult,
  MatchDecisionForm,
  MergeConfirmationForm,
  useFocusFirstReview,
} from './MatchDecision.tsx';

export interface ExplanationStep {
  comparison: string;
  level: string;
  weight: number;
  tfAdjustment: number;
}

export interface MatchExplanation {
  prior: number;
  namesSwapped: boolean;
  steps: ExplanationStep[];
  weight: number;
  probability: number;
}

interface MatchTask {
  taskId: string;
  kind: string;
  status: string;
  data?: unknown;
}

const FIELD_LABELS: Record<string, string> = {
  first_name: 'Given name',
  middle_name: 'Middle name',
  last_name: 'Family name',
  full_name: 'Full name',
  dob: 'Date of birth',
  sex: 'Sex',
  a_number: 'A-number',
  fbi_number: 'FBI number',
  ssn: 'SSN',
  phone: 'Phone',
};

const bits = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x).toFixed(2)}`;
/** A probability near 1 keeps its distance from 1 visible (0.99997 is not 1). */
const probabilityText = (p: number) =>
  p >= 0.9999 && p < 1 ? `1 − ${(1 - p).toExponential(1)}` : p.toFixed(4);
const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** The task data's `match` when it is a well-formed explanation (the API is not trusted blindly). */
export function explanationOf(data: unknown): MatchExplanation | null {
  if (typeof data !== 'object' || data === null) return null;
  const match = (data as { match?: unknown }).match;
  if (typeof match !== 'object' || match === null) return null;
  const e = (match as { explanation?: unknown }).explanation as Partial<MatchExplanation> | undefined;
  if (!e || !isNumber(e.prior) || !isNumber(e.weight) || !isNumber(e.probability) || !Array.isArray(e.steps))
    return null;
  const steps = e.steps.filter(
    (s): s is ExplanationStep =>
      typeof s === 'object' &&
      s !== null &&
      typeof s.comparison === 'string' &&
      typeof s.level === 'string' &&
      isNumber(s.weight) &&
      isNumber(s.tfAdjustment),
  );
  return {
    prior: e.prior,
    namesSwapped: e.namesSwapped === true,
    steps,
    weight: e.weight,
    probability: e.probability,
  };
}

interface Row {
  key: string;
  label: string;
  level: string;
  weight: number;
  tf: number;
  before: number;
  after: number;
}

function rowsOf(e: MatchExplanation): Row[] {
  const rows: Row[] = [
    {
      key: 'prior',
      label: 'Prior (before any field)',
      level: '—',
      weight: e.prior,
      tf: 0,
      before: 0,
      after: e.prior,
    },
  ];
  let total = e.prior;
  for (const s of e.steps) {
    const before = total;
    total += s.weight + s.tfAdjustment;
    rows.push({
      key: s.comparison,
      label: FIELD_LABELS[s.comparison] ?? s.comparison,
      level: s.level === 'missing' ? 'missing on one side (no evidence)' : s.level,
      weight: s.weight,
      tf: s.tfAdjustment,
      before,
      after: total,
    });
  }
  return rows;
}

/** One bar: from the running total before the row to after it, the TF part drawn apart. */
function Bar({ row, scale }: { row: Row; scale: (x: number) => number }) {
  const mid = row.before + row.weight;
  const seg = (from: number, to: number, colour: string, pattern = false) => {
    const left = Math.min(scale(from), scale(to));
    const width = Math.max(Math.abs(scale(to) - scale(from)), from === to ? 0 : 0.4);
    return (
      <span
        style={{
          position: 'absolute',
          top: 3,
          bottom: 3,
          left: `${left}%`,
          width: `${width}%`,
          background: pattern
            ? `repeating-linear-gradient(45deg, ${colour}, ${colour} 3px, transparent 3px, transparent 6px)`
            : colour,
          border: pattern ? `1px solid ${colour}` : undefined,
        }}
      />
    );
  };
  return (
    <>
      {seg(row.before, mid, row.weight >= 0 ? 'var(--ok-text, #1d5631)' : 'var(--error-border, #b42318)')}
      {row.tf !== 0 ? seg(mid, row.after, row.tf >= 0 ? '#1d5631' : '#b42318', true) : null}
    </>
  );
}

/** The waterfall for one scored pair: an accessible table and the bars beside it. */
export function MatchWaterfall({ explanation, testId }: { explanation: MatchExplanation; testId?: string }) {
  const rows = rowsOf(explanation);
  const values = [0, ...rows.flatMap((r) => [r.before, r.before + r.weight, r.after])];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || 1;
  const scale = (x: number) => ((x - lo) / span) * 100;
  const final = rows[rows.length - 1]?.after ?? explanation.prior;
  return (
    <div className="match-waterfall" data-testid={testId ?? 'match-waterfall'}>
      <DataTable
        testId={`${testId ?? 'match-waterfall'}-table`}
        caption="How the match weight was reached: each field's comparison level and its weight in bits, the term-frequency part apart, and the running total"
        columns={[
          'Field',
          'Comparison level',
          { label: 'Weight (bits)', className: 'num' },
          { label: 'Term frequency (bits)', className: 'num' },
          { label: 'Running total', className: 'num' },
          'Contribution',
        ]}
      >
        {rows.map((r) => (
          <tr key={r.key} data-field={r.key}>
            <th scope="row">{r.label}</th>
            <td>{r.level}</td>
            <td className="num">{bits(r.weight)}</td>
            <td className="num">{r.tf === 0 ? '—' : bits(r.tf)}</td>
            <td className="num">{bits(r.after)}</td>
            <td aria-hidden="true" style={{ minWidth: 160 }}>
              <span
                style={{
                  position: 'relative',
                  display: 'block',
                  height: 18,
                  background: 'var(--neutral-bg, #e7e9ed)',
                }}
              >
                <span
                  style={{
                    position: 'absolute',
                    top: 0,
                    bottom: 0,
                    left: `${scale(0)}%`,
                    borderLeft: '1px dashed var(--border-strong, #9aa3b0)',
                  }}
                />
                <Bar row={r} scale={scale} />
              </span>
            </td>
          </tr>
        ))}
        <tr data-field="total">
          <th scope="row">Match weight</th>
          <td>
            match probability{' '}
            <strong data-testid="match-probability" data-value={explanation.probability}>
              {probabilityText(explanation.probability)}
            </strong>
          </td>
          <td className="num" />
          <td className="num" />
          <td className="num">
            <strong data-testid="match-weight">{bits(final)}</strong>
          </td>
          <td aria-hidden="true" />
        </tr>
      </DataTable>
      {explanation.namesSwapped ? (
        <p className="muted small">
          Given and family names were compared crosswise (written the other way round).
        </p>
      ) : null}
    </div>
  );
}

/** The candidate a task names: the known subject of a review, the surviving one of a merge. */
function candidateOf(task: MatchTask): string {
  const data = (task.data ?? {}) as { candidateSubjectId?: unknown; into?: unknown };
  const c = typeof data.candidateSubjectId === 'string' ? data.candidateSubjectId : data.into;
  return typeof c === 'string' ? c : 'unknown';
}

const isMatchTask = (t: MatchTask) =>
  t.kind === 'subject_match_review' || t.kind === 'subject_merge_confirmation';

/**
 * Every possible-match task on a case (and a merge awaiting confirmation), with its candidate,
 * the index's waterfall when it scored the pair, and — for a user the server lets decide
 * (`canDecideMatches`) — the decision on the candidate itself: "Same person — link to this
 * subject" or "Not the same person" with a required reason; on a proposed merge, the second
 * person's confirmation. `onChanged` reloads the case after a decision (the task leaves the open
 * list); the result stays shown in the candidate's place.
 */
export function MatchReviews({
  tasks,
  caseId = null,
  user = null,
  onChanged,
}: {
  tasks: readonly MatchTask[];
  caseId?: string | null;
  user?: Pick<User, 'role' | 'userId'> | null;
  onChanged?: () => void;
}) {
  const [outcomes, setOutcomes] = useState<Record<string, DecisionOutcome>>({});
  const mayDecide = canDecideMatches(user);
  const shown = tasks.filter(isMatchTask).map((task) => ({ task, explanation: explanationOf(task.data) }));
  const firstOpen = mayDecide
    ? (shown.find((x) => x.task.kind === 'subject_match_review' && x.task.status === 'open')?.task.taskId ??
      null)
    : null;
  useFocusFirstReview(firstOpen);
  if (shown.length === 0) return null;
  const decided = (taskId: string) => (outcome: DecisionOutcome) => {
    setOutcomes((o) => ({ ...o, [taskId]: outcome }));
    onChanged?.();
  };
  const refused = () => onChanged?.();
  return (
    <section className="section" aria-labelledby="match-review-heading" data-testid="match-reviews">
      <h2 id="match-review-heading">Possible matches with known subjects</h2>
      <p className="muted">
        Scored by the subject index at intake. A possible match is never linked on names and dates alone: an
        ICE supervisor decides, and a merge needs a second person.
      </p>
      {shown.map(({ task, explanation }) => {
        const data = (task.data ?? {}) as { reasons?: unknown; proposedBy?: unknown };
        const candidate = candidateOf(task);
        const headingId = `match-candidate-${task.taskId}`;
        const open = task.status === 'open';
        const outcome = outcomes[task.taskId];
        const review = task.kind === 'subject_match_review';
        let decision: ReactNode = null;
        if (outcome) decision = <DecisionResult taskId={task.taskId} outcome={outcome} caseId={caseId} />;
        else if (open && mayDecide && review)
          decision = (
            <MatchDecisionForm
              taskId={task.taskId}
              caseId={caseId}
              candidate={candidate}
              labelledBy={headingId}
              onDecided={decided(task.taskId)}
              onRefused={refused}
            />
          );
        else if (open && mayDecide && data.proposedBy === user?.userId)
          decision = (
            <p className="form-note" data-testid={`merge-proposed-by-you-${task.taskId}`}>
              You proposed this merge: a second person confirms or rejects it.
            </p>
          );
        else if (open && mayDecide)
          decision = (
            <MergeConfirmationForm
              taskId={task.taskId}
              caseId={caseId}
              labelledBy={headingId}
              onDecided={decided(task.taskId)}
              onRefused={refused}
            />
          );
        return (
          <article
            key={task.taskId}
            className="match-candidate"
            data-task={task.taskId}
            data-status={task.status}
          >
            <h3 id={headingId}>
              {review ? 'Candidate subject ' : 'Merge awaiting confirmation: subject '}
              <code>{candidate}</code> <span className="muted small">({open ? 'open' : 'decided'})</span>
            </h3>
            {typeof data.reasons === 'string' ? <p className="small">{data.reasons}</p> : null}
            {explanation ? (
              <MatchWaterfall explanation={explanation} testId={`match-waterfall-${task.taskId}`} />
            ) : (
              <p className="muted small">
                The subject index did not score this pair; decide on the reasons above.
              </p>
            )}
            {decision}
          </article>
        );
      })}
    </section>
  );
}
