/**
 * `/screening`: the officer workbench's screening queue of one facility, ordered by priority tier
 * and then by time to release (the server's order), with the priority explanation, hours to
 * release, days waiting and the assigned officer. Officers take cases themselves; a coordinator
 * or ICE supervisor assigns several at once. "My cases" narrows to the signed-in user's cases.
 */
import { useEffect, useId, useState } from 'react';
import { ApiError, api, type CaseListItem, caseworkApi, type User } from '../api.ts';
import { SignedIn, useSignOutOnUnauthorized } from '../components/auth.tsx';
import {
  hoursLabel,
  personLabel,
  TierBadge,
  toApiError,
  useFacilities,
  useOfficerNames,
} from '../components/case/shared.tsx';
import { ErrorMessage, Loading, SuccessMessage } from '../components/common.tsx';
import { DataTable } from '../components/fields.tsx';
import { useApi, useDocumentTitle, useResource } from '../hooks.ts';
import { Link, navigate, useSearchParams } from '../router.tsx';

const PAGE_SIZE = 25;

export function ScreeningQueuePage() {
  useDocumentTitle('Screening queue');
  return (
    <SignedIn title="Screening queue" area="screening">
      {(user) => <Queue user={user} />}
    </SignedIn>
  );
}

function queueHref(facility: string, mine: boolean): string {
  const params = new URLSearchParams();
  if (facility) params.set('facility', facility);
  if (mine) params.set('mine', '1');
  const q = params.toString();
  return q ? `/screening?${q}` : '/screening';
}

function Queue({ user }: { user: User }) {
  const params = useSearchParams();
  const { facilities } = useFacilities(user);
  const names = useOfficerNames(user);
  const fromUrl = params.get('facility');
  // No choice yet: every facility of the agency (ICE: of every agency).
  const facility = fromUrl ?? '';
  const mine = params.get('mine') === '1';
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  const list = useResource(
    (signal) =>
      caseworkApi.cases(
        { list: 'screening', facility: facility || null, mine, cursor, limit: PAGE_SIZE },
        { signal },
      ),
    [facility, mine, cursor],
  );
  useSignOutOnUnauthorized(list.error);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<{ id: number; text: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const facilityId = useId();

  // A new filter starts from the first page with nothing selected.
  // biome-ignore lint/correctness/useExhaustiveDependencies: resets on a change of filter.
  useEffect(() => {
    setCursors([null]);
    setSelected(new Set());
  }, [facility, mine]);

  const items = list.data?.items ?? [];
  const done = (text: string) => {
    setMessage({ id: Date.now(), text });
    setSelected(new Set());
    list.reload();
  };
  const takeOne = async (item: CaseListItem) => {
    setError(null);
    try {
      await caseworkApi.step(item.caseId, 'assignment', { assignee: 'self' });
      done(`Case ${item.caseNumber} is assigned to you.`);
    } catch (cause) {
      setError(toApiError(cause, 'The case was not assigned'));
    }
  };
  const toggle = (caseId: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(caseId);
      else next.delete(caseId);
      return next;
    });

  return (
    <>
      <div className="page-head">
        <h1>Screening queue</h1>
        <p className="lede">
          People booked into the facility on a criminal charge, awaiting screening. The queue is ordered by
          priority tier (from the criminal history, under the versioned priority policy), then by time to
          release. Protected characteristics are never an input to the priority.
        </p>
      </div>

      <form className="filters" aria-label="Filter the queue" onSubmit={(e) => e.preventDefault()}>
        {facilities.length > 0 ? (
          <div className="field">
            <label htmlFor={facilityId}>Facility</label>
            <select
              id={facilityId}
              value={facility}
              onChange={(e) => navigate(queueHref(e.target.value, mine), { replace: true })}
            >
              <option value="">All facilities</option>
              {facilities.map((f) => (
                <option key={f.code} value={f.code}>
                  {f.name} ({f.code})
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div className="field">
            <label htmlFor={facilityId}>Facility code</label>
            <input
              id={facilityId}
              type="text"
              maxLength={40}
              placeholder="All facilities"
              defaultValue={facility}
              onBlur={(e) => navigate(queueHref(e.target.value.trim(), mine), { replace: true })}
            />
          </div>
        )}
        <label className="choice field-inline">
          <input
            type="checkbox"
            checked={mine}
            onChange={(e) => navigate(queueHref(facility, e.target.checked), { replace: true })}
          />
          My cases only
        </label>
      </form>

      {message ? (
        <SuccessMessage key={message.id} testId="queue-message">
          {message.text}
        </SuccessMessage>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
      {list.status === 'error' && list.error ? <ErrorMessage error={list.error} context="Queue" /> : null}
      {!list.data ? (
        list.status === 'loading' ? (
          <Loading label="Loading the queue…" />
        ) : null
      ) : items.length === 0 ? (
        <p className="muted" data-testid="screening-queue">
          {mine ? 'No open case is assigned to you here.' : 'No case awaits screening here.'}
        </p>
      ) : (
        <>
          <BulkAssign user={user} selected={[...selected]} onDone={done} onError={setError} />
          <DataTable
            testId="screening-queue"
            caption={`Screening queue${facility ? ` of ${facility}` : ''}, by tier then time to release`}
            columns={[
              'Select',
              'Case',
              'Subject',
              'Priority',
              'Status',
              { label: 'To release', className: 'num' },
              { label: 'Days waiting', className: 'num' },
              'Assigned to',
              'Action',
            ]}
          >
            {items.map((item) => (
              <tr key={item.caseId} data-case-id={item.caseId}>
                <td>
                  <label className="choice">
                    <input
                      type="checkbox"
                      checked={selected.has(item.caseId)}
                      onChange={(e) => toggle(item.caseId, e.target.checked)}
                    />
                    <span className="visually-hidden">Select case {item.caseNumber}</span>
                  </label>
                </td>
                <th scope="row">
                  <Link to={`/cases/${encodeURIComponent(item.caseId)}`}>{item.caseNumber}</Link>
                </th>
                <td>
                  {item.subjectName}
                  <span className="muted small block">Born {item.dob}</span>
                </td>
                <td>
                  <TierBadge tier={item.tier} />
                  <span className="priority-explanation">{item.priorityExplanation}</span>
                </td>
                <td>{item.statusLabel}</td>
                <td className="num">{hoursLabel(item.hoursToRelease)}</td>
                <td className="num">{item.daysWaiting}</td>
                <td data-testid="assigned-to">{personLabel(item.assignedTo, user, names)}</td>
                <td>
                  {user.role === 'lea_officer' && item.assignedTo !== user.userId ? (
                    <button type="button" className="button button-secondary" onClick={() => takeOne(item)}>
                      Take<span className="visually-hidden"> case {item.caseNumber}</span>
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </DataTable>
          <nav className="pager" aria-label="Queue pages">
            <button
              type="button"
              className="button button-secondary"
              disabled={cursors.length === 1}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              Previous page
            </button>
            <span className="pager-page">Page {cursors.length}</span>
            <button
              type="button"
              className="button button-secondary"
              disabled={!list.data.nextCursor}
              onClick={() => setCursors((c) => [...c, list.data?.nextCursor ?? null])}
            >
              Next page
            </button>
          </nav>
        </>
      )}
    </>
  );
}

/** Assigns the ticked cases to one person: oneself, or (coordinator, ICE) an authorized officer. */
function BulkAssign({
  user,
  selected,
  onDone,
  onError,
}: {
  user: User;
  selected: string[];
  onDone: (text: string) => void;
  onError: (error: ApiError | null) => void;
}) {
  const id = useId();
  const others = user.role !== 'lea_officer';
  const officers = useApi(
    (signal) => api.officers({ agencyId: user.agencyId }, { signal }),
    [user.agencyId],
    others,
  );
  const [assignee, setAssignee] = useState('self');
  const [busy, setBusy] = useState(false);
  const candidates = (officers.data?.items ?? []).filter(
    (o) => o.userId && o.model === 'JEM' && o.stage === 'authorized',
  );
  const submit = async () => {
    onError(null);
    if (selected.length === 0) {
      onError(new ApiError(400, { title: 'Tick the cases to assign first.' }));
      return;
    }
    setBusy(true);
    try {
      const r = await caseworkApi.assign({ caseIds: selected, assignee });
      setBusy(false);
      const refused = r.refused.map((x) => x.reason).join(' ');
      onDone(
        `${r.assigned.length} ${r.assigned.length === 1 ? 'case' : 'cases'} assigned.${refused ? ` Not assigned: ${r.refused.length} (${refused})` : ''}`,
      );
    } catch (cause) {
      setBusy(false);
      onError(toApiError(cause, 'The cases were not assigned'));
    }
  };
  return (
    <form
      className="filters bulk-assign"
      aria-label="Assign the selected cases"
      data-testid="bulk-assign"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p className="bulk-count" aria-live="polite">
        {selected.length} selected
      </p>
      {others ? (
        <div className="field">
          <label htmlFor={id}>Assign to</label>
          <select id={id} value={assignee} onChange={(e) => setAssignee(e.target.value)}>
            <option value="self">Myself</option>
            {candidates.map((o) => (
              <option key={o.officerId} value={o.userId ?? ''}>
                {o.displayName}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? 'Assigning…' : others ? 'Assign the selected cases' : 'Take the selected cases'}
      </button>
    </form>
  );
}
