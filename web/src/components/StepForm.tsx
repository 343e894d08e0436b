/**
 * The form for one recorded step (officer pipeline, casework): `run` sends it and returns the
 * confirmation; a refusal from the API is shown above the form with its rule id and citation,
 * and the form keeps what was entered.
 */
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { ApiError } from '../api.ts';
import { useSignOutOnUnauthorized } from './auth.tsx';
import { ErrorMessage } from './common.tsx';

export function toApiError(cause: unknown, title: string): ApiError {
  return cause instanceof ApiError ? cause : new ApiError(0, { title, detail: String(cause) });
}

export function StepForm({
  title,
  note,
  submitLabel,
  run,
  onDone,
  children,
  danger = false,
  testId,
}: {
  title: string;
  note?: ReactNode;
  submitLabel: string;
  run: () => Promise<string>;
  onDone: (message: string) => void;
  children?: ReactNode;
  danger?: boolean;
  testId?: string;
}) {
  const headingId = useId();
  const noteId = useId();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  useSignOutOnUnauthorized(error);
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      const message = await run();
      setSubmitting(false);
      onDone(message);
    } catch (cause) {
      setError(toApiError(cause, 'The step was not recorded'));
      setSubmitting(false);
    }
  };
  return (
    <section
      className={`action-panel action-form${danger ? ' action-panel-danger' : ''}`}
      aria-labelledby={headingId}
      data-testid={testId}
    >
      <h3 id={headingId}>{title}</h3>
      {note ? (
        <p className="form-note" id={noteId}>
          {note}
        </p>
      ) : null}
      {error ? (
        <div data-testid="step-refusal">
          <ErrorMessage error={error} />
        </div>
      ) : null}
      <form
        className="form-compact"
        onSubmit={onSubmit}
        aria-labelledby={headingId}
        aria-describedby={note ? noteId : undefined}
      >
        {children}
        <button
          type="submit"
          className={`button ${danger ? 'button-danger' : 'button-primary'}`}
          disabled={submitting}
        >
          {submitting ? 'Recording…' : submitLabel}
        </button>
      </form>
    </section>
  );
}
