/**
 * `/review`: the ICE supervisor's review queue — I-213s, charging documents, warrants and
 * detainers awaiting ICE — with each item's age and a service-level colour (with a text label,
 * never colour alone). The thresholds are in one constant.
 */
import { useState } from 'react';
import { type CaseListItem, caseworkApi, type User } from '../api.ts';
import { SignedIn, useSignOutOnUnauthorized } from '../components/auth.tsx';
import { durationLabel, TierBadge } from '../components/case/shared.tsx';
import { ErrorMessage, Loading } from '../components/common.tsx';
import { DataTable } from '../components/fields.tsx';
import { useDocumentTitle, useResource } from '../hooks.ts';
import { Link } from '../router.tsx';

/** Review service levels: green under `onTimeHours`, amber under `dueSoonHours`, red beyond. */
export const REVIEW_SLA = { onTimeHours: 4, dueSoonHours: 24 } as const;
const HOUR_MS = 3_600_000;
const PAGE_SIZE = 50;

export type SlaLevel = 'on-time' | 'due-soon' | 'overdue';

export function slaLevel(ageMs: number): SlaLevel {
  if (ageMs < REVIEW_SLA.onTimeHours * HOUR_MS) return 'on-time';
  if (ageMs < REVIEW_SLA.dueSoonHours * HOUR_MS) return 'due-soon';
  return 'overdue';
}

const SLA_LABELS: Record<SlaLevel, string> = {
  'on-time': `Within ${REVIEW_SLA.onTimeHours} h`,
  'due-soon': `Over ${REVIEW_SLA.onTimeHours} h`,
  overdue: `Over ${REVIEW_SLA.dueSoonHours} h`,
};

/** What ICE is asked to do on an item of the review list. */
function awaiting(item: CaseListItem): string {
  switch (item.status) {
    case 'i213_submitted':
      return 'Review the I-213';
    case 'i213_approved':
      return 'Sign the charging document and warrant';
    case 'detainer_drafted':
      return 'Approve the detainer';
    default:
      return item.statusLabel;
  }
}

export function ReviewQueuePage() {
  useDocumentTitle('Review queue');
  return (
    <SignedIn title="Review queue" area="review">
      {(user) => <ReviewQueue user={user} />}
    </SignedIn>
  );
}

function ReviewQueue(_: { user: User }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  const list = useResource(
    (signal) => caseworkApi.cases({ list: 'review', cursor, limit: PAGE_SIZE }, { signal }),
    [cursor],
  );
  useSignOutOnUnauthorized(list.error);
  const [now] = useState(() => Date.now());
  const items = list.data?.items ?? [];
  return (
    <>
      <div className="page-head">
        <h1>Review queue</h1>
        <p className="lede">
          Work awaiting ICE on 287(g) cases: I-213s to review, charging documents and warrants to sign,
          detainers to approve. Ordered by priority tier, then time to release. Age colours: green under{' '}
          {REVIEW_SLA.onTimeHours} hours, amber under {REVIEW_SLA.dueSoonHours} hours, red beyond.
        </p>
      </div>
      {list.status === 'error' && list.error ? (
        <ErrorMessage error={list.error} context="Review queue" />
      ) : null}
      {!list.data ? (
        list.status === 'loading' ? (
          <Loading label="Loading the review queue…" />
        ) : null
      ) : items.length === 0 ? (
        <p className="muted" data-testid="review-queue">
          Nothing awaits ICE review.
        </p>
      ) : (
        <>
          <DataTable
            testId="review-queue"
            caption="Items awaiting ICE, with their age"
            columns={[
              'Case',
              'Subject',
              'Awaiting',
              'Priority',
              'Age',
              { label: 'To release', className: 'num' },
            ]}
          >
            {items.map((item) => {
              const since = item.awaitingSince ?? item.openedAt;
              const age = Math.max(0, now - Date.parse(since));
              const level = slaLevel(age);
              return (
                <tr key={item.caseId} data-case-id={item.caseId} data-sla={level}>
                  <th scope="row">
                    <Link to={`/cases/${encodeURIComponent(item.caseId)}`}>{item.caseNumber}</Link>
                  </th>
                  <td>{item.subjectName}</td>
                  <td>{awaiting(item)}</td>
                  <td>
                    <TierBadge tier={item.tier} />
                    <span className="priority-explanation">{item.priorityExplanation}</span>
                  </td>
                  <td>
                    <span className={`badge badge-sla badge-sla-${level}`}>{SLA_LABELS[level]}</span>{' '}
                    <span className="small">{durationLabel(age)}</span>
                  </td>
                  <td className="num">{item.hoursToRelease === null ? '—' : `${item.hoursToRelease} h`}</td>
                </tr>
              );
            })}
          </DataTable>
          <nav className="pager" aria-label="Review queue pages">
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
