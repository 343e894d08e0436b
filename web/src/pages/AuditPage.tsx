/**
 * `/audit`: the auditor's search of the audit trail (issue 7; security.md R15, R19). Filters by
 * user, subject, case, event type and dates; newest first, with older pages on request; CSV and
 * XLSX exports of the same filters (the server neutralises formula cells). The server decides
 * who may (`audit.search`, `audit.export`) and records every search and export in the trail.
 */
import { type FormEvent, useState } from 'react';
import { type ApiError, queryString, request } from '../api.ts';
import { useSignOutOnUnauthorized } from '../components/auth.tsx';
import { ErrorMessage, Loading } from '../components/common.tsx';
import { DataTable, InputField } from '../components/fields.tsx';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { useSession } from '../session.tsx';

interface AuditEventRow {
  seq: number;
  eventId: string;
  occurredAt: string;
  type: string;
  actorId: string;
  actorRole: string | null;
  agencyId: string | null;
  outcome: string;
  resourceType: string | null;
  resourceId: string | null;
  data: Record<string, unknown>;
}

interface AuditPageData {
  events: AuditEventRow[];
  nextCursor: string | null;
}

interface Filter {
  user: string;
  subject: string;
  case: string;
  type: string;
  from: string;
  to: string;
}

const EMPTY: Filter = { user: '', subject: '', case: '', type: '', from: '', to: '' };
const PAGE = 50;

const search = (f: Filter, cursor: string | null, signal?: AbortSignal) =>
  request<AuditPageData>('/audit/events', { signal, query: { ...f, cursor, limit: PAGE } });

export function AuditPage() {
  useDocumentTitle('Audit trail');
  const { session } = useSession();
  if (session.status !== 'signed-in')
    return (
      <>
        <h1>Audit trail</h1>
        {session.status === 'error' ? (
          <ErrorMessage error={session.error} context="Session" />
        ) : (
          <Loading label="Checking your session…" />
        )}
        {session.status === 'signed-out' ? <p>Sign in to search the audit trail.</p> : null}
      </>
    );
  if (session.user.role !== 'auditor')
    return (
      <>
        <h1>Audit trail</h1>
        <div className="notice notice-error" role="alert">
          <p className="notice-title">Not permitted</p>
          <p>The audit trail is searched by auditors.</p>
        </div>
      </>
    );
  return <AuditSearch />;
}

function AuditSearch() {
  const [draft, setDraft] = useState<Filter>(EMPTY);
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const [older, setOlder] = useState<AuditPageData[]>([]);
  const [moreError, setMoreError] = useState<ApiError | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const first = useApi((signal) => search(filter, null, signal), [filter]);
  useSignOutOnUnauthorized(first.status === 'error' ? first.error : null, moreError);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setOlder([]);
    setMoreError(null);
    setFilter({ ...draft });
  };
  const set = (k: keyof Filter) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const pages = first.status === 'success' ? [first.data, ...older] : [];
  const events = pages.flatMap((p) => p.events);
  const cursor = pages.length ? pages[pages.length - 1]!.nextCursor : null;
  const loadOlder = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await search(filter, cursor);
      setOlder((o) => [...o, page]);
      setMoreError(null);
    } catch (e) {
      setMoreError(e as ApiError);
    } finally {
      setLoadingMore(false);
    }
  };
  const href = (format: string) => `/api/v1/audit/events/export${queryString({ ...filter, format })}`;

  return (
    <>
      <div className="page-head">
        <h1>Audit trail</h1>
        <p className="lede">
          Every recorded event, newest first. Filter by the acting user's id, a subject or case id, an event
          type (for example <code>session.signed_in</code>) and dates. Each search and export is itself
          recorded in the trail.
        </p>
      </div>
      <form
        className="filter-bar"
        onSubmit={submit}
        data-testid="audit-filter"
        aria-label="Audit trail filters"
      >
        <InputField label="User id" value={draft.user} onChange={set('user')} maxLength={200} />
        <InputField label="Subject id" value={draft.subject} onChange={set('subject')} maxLength={200} />
        <InputField label="Case id" value={draft.case} onChange={set('case')} maxLength={200} />
        <InputField label="Event type" value={draft.type} onChange={set('type')} maxLength={100} />
        <InputField label="From date" type="date" value={draft.from} onChange={set('from')} />
        <InputField label="To date" type="date" value={draft.to} onChange={set('to')} />
        <button type="submit" className="button">
          Search
        </button>
      </form>
      <p className="downloads" data-testid="audit-export">
        Export these events:{' '}
        <a className="button button-secondary" href={href('csv')} download>
          CSV
        </a>{' '}
        <a className="button button-secondary" href={href('xlsx')} download>
          XLSX
        </a>
      </p>
      {first.status === 'loading' ? <Loading label="Searching the audit trail…" /> : null}
      {first.status === 'error' ? <ErrorMessage error={first.error} context="Audit trail" /> : null}
      {first.status === 'success' ? (
        <>
          <p role="status" data-testid="audit-count">
            {events.length === 0
              ? 'No events match these filters.'
              : `${events.length} event${events.length === 1 ? '' : 's'} shown${cursor ? '; older events exist' : ''}.`}
          </p>
          {events.length ? (
            <DataTable
              testId="audit-events"
              caption="Audit events, newest first"
              columns={['Seq', 'Time (UTC)', 'Event', 'Outcome', 'Actor', 'Role', 'Resource', 'Details']}
            >
              {events.map((e) => (
                <tr key={e.seq}>
                  <th scope="row">{e.seq}</th>
                  <td>{e.occurredAt.replace('T', ' ').replace('.000Z', 'Z')}</td>
                  <td>
                    <code>{e.type}</code>
                  </td>
                  <td>{e.outcome}</td>
                  <td>{e.actorId}</td>
                  <td>{e.actorRole ?? '—'}</td>
                  <td>{e.resourceType ? `${e.resourceType} ${e.resourceId ?? ''}` : '—'}</td>
                  <td>
                    <Details data={e.data} />
                  </td>
                </tr>
              ))}
            </DataTable>
          ) : null}
          {moreError ? <ErrorMessage error={moreError} context="Older events" /> : null}
          {cursor ? (
            <button type="button" className="button" onClick={loadOlder} disabled={loadingMore}>
              {loadingMore ? 'Loading…' : 'Show older events'}
            </button>
          ) : null}
        </>
      ) : null}
    </>
  );
}

function Details({ data }: { data: Record<string, unknown> }) {
  const entries = Object.entries(data);
  if (!entries.length) return <>—</>;
  return (
    <ul className="plain-list">
      {entries.map(([k, v]) => (
        <li key={k}>
          {k}: {typeof v === 'string' ? v : JSON.stringify(v)}
        </li>
      ))}
    </ul>
  );
}
