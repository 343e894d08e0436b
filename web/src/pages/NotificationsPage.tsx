/**
 * `/notifications`: the signed-in user's inbox — notices addressed to them, or to their role
 * (within their agency for agency roles) — newest first, with the unread count and mark-read.
 */
import { useState } from 'react';
import { ApiError, type Inbox, type InboxItem, inboxApi } from '../api.ts';
import { SignedIn, useSignOutOnUnauthorized } from '../components/auth.tsx';
import { ErrorMessage, Loading } from '../components/common.tsx';
import { DataTable } from '../components/fields.tsx';
import { formatTimestamp } from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { Link } from '../router.tsx';

export function NotificationsPage() {
  useDocumentTitle('Notifications');
  return (
    <SignedIn title="Notifications" area="notifications">
      {() => <Notifications />}
    </SignedIn>
  );
}

function Notifications() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const result = useApi((signal) => inboxApi.inbox({ unread: unreadOnly }, { signal }), [unreadOnly]);
  useSignOutOnUnauthorized(result.error);
  return (
    <>
      <div className="page-head">
        <h1>Notifications</h1>
        <p className="lede">
          Notices addressed to you, or to your role, newest first: review requests, returns, hold-clock
          alerts, stops and steps in the officer lifecycle. A notice addressed to a role is marked read for
          everyone in that role once one of you has read it.
        </p>
      </div>
      <label className="choice">
        <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} /> Show
        unread notices only
      </label>
      {result.status === 'loading' ? <Loading label="Loading notifications…" /> : null}
      {result.status === 'error' ? <ErrorMessage error={result.error} context="Notifications" /> : null}
      {result.status === 'success' ? (
        <InboxTable key={String(unreadOnly)} first={result.data} unreadOnly={unreadOnly} />
      ) : null}
    </>
  );
}

function InboxTable({ first, unreadOnly }: { first: Inbox; unreadOnly: boolean }) {
  const [items, setItems] = useState<InboxItem[]>(first.items);
  const [unread, setUnread] = useState(first.unread);
  const [nextCursor, setNextCursor] = useState(first.nextCursor);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  useSignOutOnUnauthorized(error ?? undefined);

  const run = async (body: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await body();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, { title: 'Unexpected error', detail: String(e) }));
    } finally {
      setBusy(false);
    }
  };
  const markRead = (id: string) =>
    run(async () => {
      const r = await inboxApi.markRead(id);
      setItems((all) => all.map((n) => (n.notificationId === id ? { ...n, readAt: r.readAt } : n)));
      setUnread(r.unread);
    });
  const loadMore = () =>
    run(async () => {
      const page = await inboxApi.inbox({ unread: unreadOnly, cursor: nextCursor });
      setItems((all) => [...all, ...page.items]);
      setUnread(page.unread);
      setNextCursor(page.nextCursor);
    });

  return (
    <>
      <p aria-live="polite" data-testid="unread-count">
        {unread === 0 ? 'No unread notices.' : `${unread} unread ${unread === 1 ? 'notice' : 'notices'}.`}
      </p>
      {error ? <ErrorMessage error={error} context="Notifications" /> : null}
      {items.length === 0 ? (
        <p className="muted" data-testid="notifications">
          {unreadOnly ? 'There are no unread notices for you.' : 'There are no notices for you.'}
        </p>
      ) : (
        <DataTable
          testId="notifications"
          caption="Notifications, newest first"
          columns={['Received', 'Subject', 'Details', 'Status']}
        >
          {items.map((n) => (
            <tr key={n.notificationId} data-unread={n.readAt ? undefined : 'true'}>
              <td>
                <time dateTime={n.createdAt}>{formatTimestamp(n.createdAt)}</time>
              </td>
              <th scope="row">
                {n.readAt ? n.subject : <strong>{n.subject}</strong>}
                {n.personal ? <span className="muted"> (to you)</span> : null}
                {n.caseId ? (
                  <>
                    {' '}
                    <Link to={`/cases/${encodeURIComponent(n.caseId)}`}>Open the case</Link>
                  </>
                ) : null}
              </th>
              <td>{n.body}</td>
              <td>
                {n.readAt ? (
                  <>
                    Read <time dateTime={n.readAt}>{formatTimestamp(n.readAt)}</time>
                  </>
                ) : (
                  <button
                    type="button"
                    className="button button-secondary"
                    disabled={busy}
                    onClick={() => void markRead(n.notificationId)}
                  >
                    Mark read<span className="visually-hidden">: {n.subject}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {nextCursor ? (
        <button
          type="button"
          className="button button-secondary"
          disabled={busy}
          onClick={() => void loadMore()}
        >
          Show older notices
        </button>
      ) : null}
    </>
  );
}
