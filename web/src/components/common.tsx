/** Small shared pieces: loading and error messages, status badges, dates and document links. */
import { type ReactNode, useEffect, useRef } from 'react';
import type { Agreement, ApiError } from '../api.ts';
import { formatDate, modelName, statusLabel } from '../format.ts';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}

export function ErrorMessage({ error, context }: { error: ApiError; context?: string }) {
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{context ? `${context}: ${error.title}` : error.title}</p>
      {error.detail && error.detail !== error.title ? <p>{error.detail}</p> : null}
      {error.ruleId ? (
        <p className="notice-code">
          Rule: <code>{error.ruleId}</code>
          {error.citation ? <> · {error.citation}</> : null}
        </p>
      ) : null}
      {error.code ? <p className="notice-code">Code: {error.code}</p> : null}
    </div>
  );
}

/** A confirmation after a change; focused when it appears so screen readers and keyboards find it. */
export function SuccessMessage({ children, testId }: { children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="notice notice-success" role="status" tabIndex={-1} data-testid={testId} ref={ref}>
      <p>{children}</p>
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{statusLabel(status)}</span>;
}

export function ModelAbbr({ model }: { model: string }) {
  return (
    <abbr className="model" title={modelName(model)}>
      {model}
    </abbr>
  );
}

export function DateText({ value }: { value: string | null | undefined }) {
  if (!value) return <span className="muted">—</span>;
  return <time dateTime={value.slice(0, 10)}>{formatDate(value)}</time>;
}

/** The signed date: the parsed date, or ICE's raw text marked "as published" when it did not parse. */
export function SignedDate({ agreement }: { agreement: Pick<Agreement, 'signedDate' | 'signedRaw'> }) {
  if (agreement.signedDate) return <DateText value={agreement.signedDate} />;
  if (agreement.signedRaw) {
    return (
      <span className="signed-raw">
        {agreement.signedRaw} <span className="note">(as published)</span>
      </span>
    );
  }
  return <span className="muted">Not published</span>;
}

/** A link to a published document. The extra context is visually hidden text, not an aria-label. */
export function ExternalLink({
  href,
  children,
  context,
}: {
  href: string;
  children: ReactNode;
  context: string;
}) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
      <span className="visually-hidden"> {`${context} (opens in a new tab)`}</span>
    </a>
  );
}

export function DocumentLinks({ agreement }: { agreement: Agreement }) {
  const { moaUrl, addendumUrl, agencyName, model } = agreement;
  if (!moaUrl && !addendumUrl) return <span className="muted">—</span>;
  return (
    <span className="doc-links">
      {moaUrl ? (
        <ExternalLink href={moaUrl} context={`(memorandum of agreement), ${agencyName}, ${model}`}>
          MOA
        </ExternalLink>
      ) : null}
      {addendumUrl ? (
        <ExternalLink href={addendumUrl} context={`for ${agencyName}, ${model}`}>
          Addendum
        </ExternalLink>
      ) : null}
    </span>
  );
}
