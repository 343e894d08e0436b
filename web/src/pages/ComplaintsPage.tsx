/**
 * `/complaints`: the complaint queue for ICE (every complaint; the forwarded ones are OPR's) and
 * for an agency's 287(g) coordinator (their agency's). Each open complaint is acknowledged,
 * forwarded to ICE's Office of Professional Responsibility and closed with an outcome here;
 * linking and suspension pending investigation are API steps (`oversightApi`).
 */
import { type FormEvent, useState } from 'react';
import {
  ApiError,
  COMPLAINT_OUTCOMES,
  type Complaint,
  type ComplaintOutcome,
  type ComplaintStatus,
  oversightApi,
} from '../api.ts';
import { SignedIn, useSignOutOnUnauthorized } from '../components/auth.tsx';
import { ErrorMessage, Loading } from '../components/common.tsx';
import { DataTable, InputField, SelectField } from '../components/fields.tsx';
import { formatTimestamp } from '../format.ts';
import { useDocumentTitle, useResource } from '../hooks.ts';

const STATUS_LABEL: Record<ComplaintStatus, string> = {
  received: 'Received',
  acknowledged: 'Acknowledged',
  forwarded: 'Forwarded to OPR',
  closed: 'Closed',
};
const CHANNEL_LABEL: Record<Complaint['channel'], string> = {
  public_form: 'Public form',
  phone: 'Telephone',
  paper: 'Paper',
  in_person: 'In person',
};
const OUTCOME_LABEL: Record<ComplaintOutcome, string> = {
  sustained: 'Sustained',
  not_sustained: 'Not sustained',
  exonerated: 'Exonerated',
  unfounded: 'Unfounded',
  referred_elsewhere: 'Referred elsewhere',
  withdrawn: 'Withdrawn',
};

export function ComplaintsPage() {
  useDocumentTitle('Complaints');
  return (
    <SignedIn title="Complaints" area="complaints">
      {() => <Queue />}
    </SignedIn>
  );
}

function Queue() {
  const [status, setStatus] = useState<ComplaintStatus | ''>('');
  const list = useResource(
    (signal) => oversightApi.complaints(status ? { status } : {}, { signal }),
    [status],
  );
  const [error, setError] = useState<ApiError | null>(null);
  useSignOutOnUnauthorized(list.error, error);

  const act = async (step: () => Promise<unknown>) => {
    setError(null);
    try {
      await step();
      list.reload();
    } catch (cause) {
      setError(cause instanceof ApiError ? cause : new ApiError(0, { title: 'Unexpected error' }));
    }
  };

  return (
    <>
      <div className="page-head">
        <h1>Complaints</h1>
        <p className="lede">
          Complaints filed on the public form or taken by telephone, on paper or in person: acknowledge each,
          forward it to ICE’s Office of Professional Responsibility (OPR), and close it with the outcome of
          the investigation.
        </p>
      </div>
      <SelectField label="Status" value={status} onChange={(v) => setStatus(v as ComplaintStatus | '')}>
        <option value="">All</option>
        {(Object.keys(STATUS_LABEL) as ComplaintStatus[]).map((s) => (
          <option key={s} value={s}>
            {STATUS_LABEL[s]}
          </option>
        ))}
      </SelectField>
      {error ? <ErrorMessage error={error} context="Complaint" /> : null}
      {list.status === 'loading' && !list.data ? <Loading label="Loading complaints…" /> : null}
      {list.status === 'error' && list.error ? (
        <ErrorMessage error={list.error} context="Complaints" />
      ) : null}
      {list.data ? (
        list.data.items.length === 0 ? (
          <p className="muted" data-testid="complaints-table">
            No complaint.
          </p>
        ) : (
          <DataTable
            testId="complaints-table"
            caption="Complaints, newest first"
            columns={['Reference', 'Received', 'Channel', 'Agency', 'Status', 'Next step']}
          >
            {list.data.items.map((c) => (
              <tr key={c.complaintId} data-complaint-id={c.complaintId}>
                <th scope="row">{c.reference}</th>
                <td>
                  <time dateTime={c.receivedAt}>{formatTimestamp(c.receivedAt)}</time>
                </td>
                <td>{CHANNEL_LABEL[c.channel]}</td>
                <td>{c.agencyNamed ?? (c.agencyId ? 'Assigned' : 'Not assigned')}</td>
                <td data-field="status">
                  {STATUS_LABEL[c.status]}
                  {c.outcome ? ` (${OUTCOME_LABEL[c.outcome as ComplaintOutcome] ?? c.outcome})` : ''}
                </td>
                <td>
                  <NextStep complaint={c} act={act} />
                </td>
              </tr>
            ))}
          </DataTable>
        )
      ) : null}
    </>
  );
}

function NextStep({ complaint, act }: { complaint: Complaint; act: (step: () => Promise<unknown>) => void }) {
  const [outcome, setOutcome] = useState<ComplaintOutcome | ''>('');
  const [summary, setSummary] = useState('');
  const id = complaint.complaintId;
  if (complaint.status === 'closed') return <span className="muted">—</span>;
  const onClose = (e: FormEvent) => {
    e.preventDefault();
    if (outcome) act(() => oversightApi.close(id, { outcome, summary }));
  };
  return (
    <div className="button-row">
      {complaint.status === 'received' ? (
        <button
          type="button"
          className="button button-secondary"
          onClick={() => act(() => oversightApi.acknowledge(id))}
        >
          Acknowledge {complaint.reference}
        </button>
      ) : null}
      {complaint.status !== 'forwarded' ? (
        <button
          type="button"
          className="button button-secondary"
          onClick={() => act(() => oversightApi.forward(id))}
        >
          Forward {complaint.reference} to OPR
        </button>
      ) : null}
      <form className="form-compact" onSubmit={onClose} aria-label={`Close ${complaint.reference}`}>
        <SelectField
          label="Outcome"
          required
          value={outcome}
          onChange={(v) => setOutcome(v as ComplaintOutcome | '')}
        >
          <option value="">Choose</option>
          {COMPLAINT_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {OUTCOME_LABEL[o]}
            </option>
          ))}
        </SelectField>
        <InputField label="Summary" required maxLength={4000} value={summary} onChange={setSummary} />
        <button type="submit" className="button button-secondary">
          Close
        </button>
      </form>
    </div>
  );
}
