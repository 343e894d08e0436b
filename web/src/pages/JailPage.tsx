/**
 * `/jail`: the jail's view of its facility — every detainer (drafted, approved, effective) and
 * every running hold clock, the least time left first, so the people who must be released or
 * handed to ICE soonest are at the top. A row whose detainer is effective or whose hold runs offers
 * the jail's next event (the release, or leaving custody) on the case page.
 */
import { useId } from 'react';
import { type CaseListItem, caseworkApi, type User } from '../api.ts';
import { SignedIn, useSignOutOnUnauthorized } from '../components/auth.tsx';
import { jailEventHref, jailQuickAction } from '../components/case/jail-events.ts';
import { durationLabel, HOLD_URGENT_HOURS, hoursLabel, useFacilities } from '../components/case/shared.tsx';
import { ErrorMessage, Loading } from '../components/common.tsx';
import { DataTable } from '../components/fields.tsx';
import { formatTimestamp } from '../format.ts';
import { useDocumentTitle, useResource } from '../hooks.ts';
import { Link, navigate, useSearchParams } from '../router.tsx';

/** The list is read whole (the server's maximum page) so it can be sorted by time left. */
const LIMIT = 200;

export function JailPage() {
  useDocumentTitle('Detainers and clocks');
  return (
    <SignedIn title="Detainers and clocks" area="jail">
      {(user) => <Jail user={user} />}
    </SignedIn>
  );
}

/** Running clocks first, least time left first; then the rest by time to release. */
export function byTimeLeft(a: CaseListItem, b: CaseListItem): number {
  const ha = a.holdMinutesLeft;
  const hb = b.holdMinutesLeft;
  if (ha !== null && hb !== null) return ha - hb;
  if (ha !== null) return -1;
  if (hb !== null) return 1;
  return (a.hoursToRelease ?? Number.POSITIVE_INFINITY) - (b.hoursToRelease ?? Number.POSITIVE_INFINITY);
}

function Jail({ user }: { user: User }) {
  const params = useSearchParams();
  const { facilities } = useFacilities(user);
  const fromUrl = params.get('facility');
  // No choice yet: every facility of the agency (ICE: of every agency).
  const facility = fromUrl ?? '';
  const facilityId = useId();
  const list = useResource(
    (signal) =>
      caseworkApi.cases({ list: 'detainers', facility: facility || null, limit: LIMIT }, { signal }),
    [facility],
  );
  useSignOutOnUnauthorized(list.error);
  const items = [...(list.data?.items ?? [])].sort(byTimeLeft);
  // The jail's events are recorded by its coordinator; other roles see the list only.
  const recordsEvents = user.role === 'lea_admin';
  return (
    <>
      <div className="page-head">
        <h1>Detainers and clocks</h1>
        <p className="lede">
          Detainers lodged for people in the facility and every running hold. A hold lasts at most 48 hours
          from the moment the person would otherwise be released; it cannot be extended. At the end, release
          the person.
        </p>
      </div>
      {facilities.length > 0 ? (
        <form className="filters" aria-label="Choose the facility" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor={facilityId}>Facility</label>
            <select
              id={facilityId}
              value={facility}
              onChange={(e) =>
                navigate(e.target.value ? `/jail?facility=${encodeURIComponent(e.target.value)}` : '/jail', {
                  replace: true,
                })
              }
            >
              <option value="">All facilities</option>
              {facilities.map((f) => (
                <option key={f.code} value={f.code}>
                  {f.name} ({f.code})
                </option>
              ))}
            </select>
          </div>
        </form>
      ) : null}
      {list.status === 'error' && list.error ? <ErrorMessage error={list.error} context="Detainers" /> : null}
      {!list.data ? (
        list.status === 'loading' ? (
          <Loading label="Loading detainers…" />
        ) : null
      ) : items.length === 0 ? (
        <p className="muted" data-testid="jail-detainers">
          No detainer is lodged for anyone in this facility.
        </p>
      ) : (
        <DataTable
          testId="jail-detainers"
          caption={`Detainers and hold clocks${facility ? ` at ${facility}` : ''}, least time left first`}
          columns={[
            'Case',
            'Person',
            'Detainer',
            'Hold clock',
            { label: 'To release', className: 'num' },
            ...(recordsEvents ? ['Jail event'] : []),
          ]}
        >
          {items.map((item) => {
            const left = item.holdMinutesLeft;
            const urgent = left !== null && left < HOLD_URGENT_HOURS * 60;
            const action = recordsEvents ? jailQuickAction(item.status) : null;
            return (
              <tr key={item.caseId} data-case-id={item.caseId} data-urgent={urgent ? 'true' : 'false'}>
                <th scope="row">
                  <Link to={`/cases/${encodeURIComponent(item.caseId)}`}>{item.caseNumber}</Link>
                </th>
                <td>
                  {item.subjectName}
                  <span className="muted small block">Born {item.dob}</span>
                </td>
                <td>{item.statusLabel}</td>
                <td>
                  {left === null || !item.holdEndsAt ? (
                    <span className="muted">Not running</span>
                  ) : (
                    <span className={`clock-cell${urgent ? ' clock-cell-urgent' : ''}`}>
                      <strong>{durationLabel(left * 60_000)} left</strong>
                      <span className="small block">
                        ends <time dateTime={item.holdEndsAt}>{formatTimestamp(item.holdEndsAt)}</time>
                      </span>
                    </span>
                  )}
                </td>
                <td className="num">{hoursLabel(item.hoursToRelease)}</td>
                {recordsEvents ? (
                  <td>
                    {action ? (
                      <Link
                        className="button button-secondary"
                        to={jailEventHref(item.caseId, action.request)}
                        aria-label={`${action.label}, case ${item.caseNumber}`}
                        data-testid="jail-quick-action"
                      >
                        {action.label}
                      </Link>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </DataTable>
      )}
    </>
  );
}
