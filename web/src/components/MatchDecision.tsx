/**
 * The decision on one possible match, on its waterfall (issue 6): "Same person — link to this
 * subject" or "Not the same person", with the evidence relied on as a required short reason,
 * sent to `POST /tasks/:taskId/match-decision` (resolve-subject-match). "Same person" proposes
 * the link; a second person confirms it (`POST /tasks/:taskId/merge-confirmation`), from the
 * merge's own panel. Offered only to the roles the server's policy lets decide (`subject.merge`:
 * ICE supervisors and the program office); the server decides every request regardless.
 *
 * Keyboard: the reason field, then the two buttons; after a decision the result is focused and
 * offers the next open possible match, whose page opens with its reason field focused.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { type ApiError, caseworkApi, request, type User } from '../api.ts';
import { Link } from '../router.tsx';
import { useSignOutOnUnauthorized } from './auth.tsx';
import { ErrorMessage, SuccessMessage } from './common.tsx';
import { toApiError } from './StepForm.tsx';

export type MatchDecisionValue = 'same_person' | 'different_people';

/** The URL fragment that opens a case page at its first open possible match, reason focused. */
export const REVIEW_FRAGMENT = '#match-review';

/** The roles the `subject.merge.ice` policy permits to decide a match or confirm a merge. */
const DECIDING_ROLES: ReadonlySet<string> = new Set(['ice_supervisor', 'program_office']);

export const canDecideMatches = (user: Pick<User, 'role'> | null | undefined): boolean =>
  user != null && DECIDING_ROLES.has(user.role);

/** The reason field's element id for a task (focused on arrival and by "next candidate"). */
export const reasonFieldId = (taskId: string) => `match-reason-${taskId}`;

export const matchDecisionApi = {
  decide: (taskId: string, body: { decision: MatchDecisionValue; reason: string }) =>
    request<{ taskId: string; confirmationTaskId: string | null }>(
      `/tasks/${encodeURIComponent(taskId)}/match-decision`,
      { method: 'POST', body },
    ),
  confirmMerge: (taskId: string, confirm: boolean) =>
    request<{ taskId: string; merged: boolean }>(`/tasks/${encodeURIComponent(taskId)}/merge-confirmation`, {
      method: 'POST',
      body: { confirm },
    }),
};

/** The next open possible match for the role: another on this case first, else the oldest. */
export interface NextReview {
  taskId: string;
  caseId: string;
  caseNumber: string | null;
}

async function nextReview(decided: string, caseId: string | null): Promise<NextReview | null> {
  try {
    const open = (await caseworkApi.tasks()).filter(
      (t) => t.kind === 'subject_match_review' && t.taskId !== decided && t.caseId,
    );
    const next = open.find((t) => t.caseId === caseId) ?? open[0];
    return next ? { taskId: next.taskId, caseId: next.caseId!, caseNumber: next.caseNumber } : null;
  } catch {
    // The decision is recorded; a missing "next" link is no reason to say otherwise.
    return null;
  }
}

/** What a decision did, shown in place of the buttons (kept across the page's reload). */
export interface DecisionOutcome {
  text: string;
  next: NextReview | null;
  /** The candidate was decided here (not, say, by someone else meanwhile). */
  decision: MatchDecisionValue | 'confirmed' | 'rejected';
}

const OUTCOME_TEXT: Record<DecisionOutcome['decision'], string> = {
  different_people:
    'Recorded: not the same person. This possible match is closed and the two records stay apart.',
  same_person:
    'Recorded: same person. The link to this subject is proposed; it takes effect when a second person confirms the merge.',
  confirmed: 'Merge confirmed: the record made at intake is folded into the known subject.',
  rejected: 'Merge rejected: the two records stay apart.',
};

/** After a decision: the result, focused, and the way to the next open possible match. */
export function DecisionResult({
  taskId,
  outcome,
  caseId,
}: {
  taskId: string;
  outcome: DecisionOutcome;
  caseId: string | null;
}) {
  const { next } = outcome;
  const sameCase = next !== null && next.caseId === caseId;
  return (
    <div
      data-testid={`match-result-${taskId}`}
      data-decision={outcome.decision}
      style={{ marginTop: '0.75rem' }}
    >
      <SuccessMessage>{outcome.text}</SuccessMessage>
      {next === null ? (
        <p className="small" data-testid="match-next">
          No other possible match is open for your role. <Link to="/tasks">Open tasks</Link>
        </p>
      ) : sameCase ? (
        <p className="small">
          <button
            type="button"
            className="button button-secondary"
            data-testid="match-next"
            onClick={() => document.getElementById(reasonFieldId(next.taskId))?.focus()}
          >
            Next candidate on this case
          </button>
        </p>
      ) : (
        <p className="small">
          <Link
            to={`/cases/${encodeURIComponent(next.caseId)}${REVIEW_FRAGMENT}`}
            data-testid="match-next"
            className="button button-secondary"
          >
            Next possible match{next.caseNumber ? `: case ${next.caseNumber}` : ''}
          </Link>
        </p>
      )}
    </div>
  );
}

/** "Same person" / "Not the same person" with the required reason, for one open possible match. */
export function MatchDecisionForm({
  taskId,
  caseId,
  candidate,
  labelledBy,
  onDecided,
  onRefused,
}: {
  taskId: string;
  caseId: string | null;
  candidate: string;
  labelledBy: string;
  onDecided: (outcome: DecisionOutcome) => void;
  /** A refusal that may mean the task changed (already decided): the page reloads. */
  onRefused: () => void;
}) {
  const noteId = useId();
  const missingId = useId();
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [sending, setSending] = useState<MatchDecisionValue | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useSignOutOnUnauthorized(error);

  const decide = async (decision: MatchDecisionValue) => {
    if (sending) return;
    if (reason.trim() === '') {
      setMissing(true);
      reasonRef.current?.focus();
      return;
    }
    setMissing(false);
    setError(null);
    setSending(decision);
    try {
      await matchDecisionApi.decide(taskId, { decision, reason: reason.trim() });
      const next = await nextReview(taskId, caseId);
      onDecided({ decision, text: OUTCOME_TEXT[decision], next });
    } catch (cause) {
      const e = toApiError(cause, 'The decision was not recorded');
      setError(e);
      setSending(null);
      if (e.status === 409) onRefused();
    }
  };
  const submit = (event: FormEvent<HTMLFormElement>) => event.preventDefault();

  return (
    <form
      className="form-compact match-decision"
      style={{ marginTop: '0.75rem', maxWidth: '48rem' }}
      noValidate
      onSubmit={submit}
      aria-labelledby={labelledBy}
      aria-describedby={noteId}
      data-testid={`match-decision-${taskId}`}
    >
      <p className="form-note" id={noteId}>
        Decide on the evidence above and your own checks. “Same person” proposes linking this booking’s record
        to subject <code>{candidate}</code>; a second person confirms it before the records are linked.
      </p>
      {error ? (
        <div data-testid="step-refusal">
          <ErrorMessage error={error} />
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={reasonFieldId(taskId)}>Reason (required): the evidence you relied on</label>
        <textarea
          id={reasonFieldId(taskId)}
          ref={reasonRef}
          rows={2}
          maxLength={2000}
          required
          aria-required="true"
          aria-invalid={missing ? 'true' : undefined}
          aria-describedby={missing ? missingId : undefined}
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            if (missing && e.target.value.trim() !== '') setMissing(false);
          }}
        />
        {missing ? (
          <p
            className="notice notice-error small"
            id={missingId}
            role="alert"
            data-testid="match-reason-missing"
          >
            Give the reason for the decision before choosing.
          </p>
        ) : null}
      </div>
      <div className="button-row">
        <button
          type="button"
          className="button button-primary"
          disabled={sending !== null}
          onClick={() => decide('same_person')}
        >
          {sending === 'same_person' ? 'Recording…' : 'Same person — link to this subject'}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={sending !== null}
          onClick={() => decide('different_people')}
        >
          {sending === 'different_people' ? 'Recording…' : 'Not the same person'}
        </button>
      </div>
    </form>
  );
}

/** The second person's answer to a proposed merge (the proposer is not offered it: the server refuses). */
export function MergeConfirmationForm({
  taskId,
  caseId,
  labelledBy,
  onDecided,
  onRefused,
}: {
  taskId: string;
  caseId: string | null;
  labelledBy: string;
  onDecided: (outcome: DecisionOutcome) => void;
  onRefused: () => void;
}) {
  const [sending, setSending] = useState<boolean | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useSignOutOnUnauthorized(error);
  const answer = async (confirm: boolean) => {
    if (sending !== null) return;
    setError(null);
    setSending(confirm);
    try {
      await matchDecisionApi.confirmMerge(taskId, confirm);
      const decision = confirm ? 'confirmed' : 'rejected';
      onDecided({ decision, text: OUTCOME_TEXT[decision], next: await nextReview(taskId, caseId) });
    } catch (cause) {
      const e = toApiError(cause, 'The answer was not recorded');
      setError(e);
      setSending(null);
      if (e.status === 409) onRefused();
    }
  };
  return (
    <form
      className="form-compact match-decision"
      style={{ marginTop: '0.75rem', maxWidth: '48rem' }}
      onSubmit={(e) => e.preventDefault()}
      aria-labelledby={labelledBy}
      data-testid={`merge-confirmation-${taskId}`}
    >
      {error ? (
        <div data-testid="step-refusal">
          <ErrorMessage error={error} />
        </div>
      ) : null}
      <div className="button-row">
        <button
          type="button"
          className="button button-primary"
          disabled={sending !== null}
          onClick={() => answer(true)}
        >
          {sending === true ? 'Recording…' : 'Confirm the merge'}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={sending !== null}
          onClick={() => answer(false)}
        >
          {sending === false ? 'Recording…' : 'Reject the merge'}
        </button>
      </div>
    </form>
  );
}

/** On arrival at `#match-review`, the first open reason field takes the focus (once per page). */
export function useFocusFirstReview(firstOpenTaskId: string | null): void {
  const done = useRef(false);
  useEffect(() => {
    if (done.current || firstOpenTaskId === null || window.location.hash !== REVIEW_FRAGMENT) return;
    const field = document.getElementById(reasonFieldId(firstOpenTaskId));
    if (!field) return;
    done.current = true;
    field.focus();
    field.scrollIntoView({ block: 'center' });
  }, [firstOpenTaskId]);
}
