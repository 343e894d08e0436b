/** `/tasks`: open casework tasks addressed to the signed-in role (and, for agency roles, agency). */

import { caseworkApi } from '../api.ts';
import { SignedIn, useSignOutOnUnauthorized } from '../components/auth.tsx';
import { ErrorMessage, Loading } from '../components/common.tsx';
import { DataTable } from '../components/fields.tsx';
import { REVIEW_FRAGMENT } from '../components/MatchDecision.tsx';
import { formatTimestamp } from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { Link } from '../router.tsx';

export function TasksPage() {
  useDocumentTitle('Tasks');
  return (
    <SignedIn title="Tasks" area="tasks">
      {() => <Tasks />}
    </SignedIn>
  );
}

function Tasks() {
  const result = useApi((signal) => caseworkApi.tasks({ signal }), []);
  useSignOutOnUnauthorized(result.error);
  return (
    <>
      <div className="page-head">
        <h1>Tasks</h1>
        <p className="lede">
          Open tasks for your role: consular notifications, citizenship reviews and counsel consults,
          mandatory releases. Oldest first.
        </p>
      </div>
      {result.status === 'loading' ? <Loading label="Loading tasks…" /> : null}
      {result.status === 'error' ? <ErrorMessage error={result.error} context="Tasks" /> : null}
      {result.status === 'success' ? (
        result.data.length === 0 ? (
          <p className="muted" data-testid="tasks">
            No open task for your role.
          </p>
        ) : (
          <DataTable
            testId="tasks"
            caption="Open tasks, oldest first"
            columns={['Task', 'Case', 'Due', 'Created']}
          >
            {result.data.map((t) => (
              <tr key={t.taskId} data-kind={t.kind}>
                <th scope="row">{t.title}</th>
                <td>
                  {t.caseId ? (
                    <Link
                      to={`/cases/${encodeURIComponent(t.caseId)}${t.kind === 'subject_match_review' ? REVIEW_FRAGMENT : ''}`}
                    >
                      {t.caseNumber ?? 'Case'}
                    </Link>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>
                  {t.dueAt ? (
                    <time dateTime={t.dueAt}>{formatTimestamp(t.dueAt)}</time>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>
                  <time dateTime={t.createdAt}>{formatTimestamp(t.createdAt)}</time>
                </td>
              </tr>
            ))}
          </DataTable>
        )
      ) : null}
    </>
  );
}
