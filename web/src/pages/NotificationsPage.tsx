/** `/notifications`: what the signed-in user's role (and, for agency roles, agency) has been told. */
import { api } from '../api.ts';
import { SignedIn, useSignOutOnUnauthorized } from '../components/auth.tsx';
import { ErrorMessage, Loading } from '../components/common.tsx';
import { DataTable } from '../components/fields.tsx';
import { formatTimestamp } from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';

export function NotificationsPage() {
  useDocumentTitle('Notifications');
  return (
    <SignedIn title="Notifications" area="notifications">
      {() => <Notifications />}
    </SignedIn>
  );
}

function Notifications() {
  const result = useApi((signal) => api.notifications({ signal }), []);
  useSignOutOnUnauthorized(result.error);
  return (
    <>
      <div className="page-head">
        <h1>Notifications</h1>
        <p className="lede">
          Notices of steps in the officer lifecycle and changes to agreements, addressed to your role. The
          most recent 100 are shown, newest first.
        </p>
      </div>
      {result.status === 'loading' ? <Loading label="Loading notifications…" /> : null}
      {result.status === 'error' ? <ErrorMessage error={result.error} context="Notifications" /> : null}
      {result.status === 'success' ? (
        result.data.items.length === 0 ? (
          <p className="muted" data-testid="notifications">
            There are no notifications for your role.
          </p>
        ) : (
          <DataTable
            testId="notifications"
            caption="Notifications, newest first"
            columns={['Received', 'Subject', 'Details']}
          >
            {result.data.items.map((n) => (
              <tr key={n.notificationId}>
                <td>
                  <time dateTime={n.createdAt}>{formatTimestamp(n.createdAt)}</time>
                </td>
                <th scope="row">{n.subject}</th>
                <td>{n.body}</td>
              </tr>
            ))}
          </DataTable>
        )
      ) : null}
    </>
  );
}
