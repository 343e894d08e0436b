/**
 * `/officers`: the officer pipeline of one agency (ICE may pick the agency with `?agencyId=`),
 * grouped by effective stage, and the refresher deadlines coming due in the next 90 days.
 */
import { useId } from 'react';
import { can, isIceRole } from '../access.ts';
import {
  api,
  type MoaSummary,
  type Officer,
  type OfficerDetail,
  type OfficerStage,
  type User,
} from '../api.ts';
import { SignedIn, useSignOutOnUnauthorized } from '../components/auth.tsx';
import { DateText, ErrorMessage, Loading, ModelAbbr } from '../components/common.tsx';
import { addDays, daysBetween, stageLabel, stateName, todayUtc } from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { Link, navigate, useSearchParams } from '../router.tsx';

const PIPELINE: OfficerStage[] = [
  'nominated',
  'approved',
  'in_training',
  'certified',
  'authorized',
  'suspended',
];
const ENDED: OfficerStage[] = ['rejected', 'disqualified', 'revoked'];
/** Stages with a refresher deadline: the officer has been certified and not removed. */
const CURRENT: OfficerStage[] = ['certified', 'authorized', 'suspended'];
const DUE_WINDOW_DAYS = 90;
/** Detail requests for deadlines: at most this many officers, this many at a time. */
const DETAIL_LIMIT = 100;
const DETAIL_CONCURRENCY = 4;

export function OfficersPage() {
  useDocumentTitle('Officers');
  return (
    <SignedIn title="Officers" area="officers">
      {(user) => <Pipeline user={user} />}
    </SignedIn>
  );
}

/** Runs `load` over `items`, a few at a time. */
async function pooled<T, R>(items: T[], limit: number, load: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await load(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

interface Row {
  officer: Officer;
  stage: OfficerStage;
  reason: string | null;
  refresherDue: string | null;
}

function agenciesOf(moas: MoaSummary[]): { agencyId: string; name: string; state: string }[] {
  const seen = new Map<string, { agencyId: string; name: string; state: string }>();
  for (const m of moas) {
    if (!seen.has(m.agencyId))
      seen.set(m.agencyId, { agencyId: m.agencyId, name: m.agencyName, state: m.state });
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function Pipeline({ user }: { user: User }) {
  const ice = isIceRole(user.role);
  const params = useSearchParams();
  const agencyId = ice ? params.get('agencyId') || null : null;
  const selectId = useId();

  const list = useApi((signal) => api.officers({ agencyId }, { signal }), [agencyId]);
  const moas = useApi((signal) => api.moas({}, { signal }), [], ice);
  const items = list.data?.items;

  // The list gives the recorded stage; the effective stage and refresher deadline come with each
  // officer's record. Fetch those only for officers who have a deadline, and only a few at a time.
  const needDetails = (items ?? []).filter((o) => CURRENT.includes(o.stage) && o.refresherDue === undefined);
  const fetched = needDetails.slice(0, DETAIL_LIMIT);
  const details = useApi(
    (signal) =>
      pooled(fetched, DETAIL_CONCURRENCY, (o) => api.officer(o.officerId, { signal })).then(
        (all) => new Map<string, OfficerDetail>(all.map((d) => [d.officer.officerId, d])),
      ),
    [items],
    items !== undefined,
  );
  useSignOutOnUnauthorized(list.error, moas.error, details.error);

  const agencies = agenciesOf(moas.data?.items ?? []);
  const agencyName = (id: string) => agencies.find((a) => a.agencyId === id)?.name;
  const chosen = agencyId ? agencies.find((a) => a.agencyId === agencyId) : undefined;

  const rows: Row[] = (items ?? []).map((officer) => {
    const detail = details.data?.get(officer.officerId);
    return {
      officer,
      stage: detail?.officer.effectiveStage ?? officer.effectiveStage ?? officer.stage,
      reason: detail?.officer.effectiveReason ?? officer.effectiveReason ?? officer.suspensionReason,
      refresherDue: detail?.refresherDue ?? officer.refresherDue ?? null,
    };
  });

  const today = todayUtc();
  const horizon = addDays(today, DUE_WINDOW_DAYS);
  const due = rows
    .filter((r) => r.refresherDue && CURRENT.includes(r.officer.stage) && r.refresherDue <= horizon)
    .sort((a, b) => (a.refresherDue ?? '').localeCompare(b.refresherDue ?? ''));

  const nominateHref = `/officers/new${agencyId ? `?agencyId=${encodeURIComponent(agencyId)}` : ''}`;
  const showAgency = ice && !agencyId;

  return (
    <>
      <div className="page-head">
        <h1>Officers</h1>
        <p className="lede">
          Officers nominated for 287(g) designation and where each stands: nomination, ICE approval, training,
          written certification, authorization under 8 U.S.C. §1357(g)(5), and suspension. An officer whose
          refresher training has lapsed is shown as suspended.
        </p>
        {can(user.role, 'nominate') ? (
          <p>
            <Link to={nominateHref} className="button button-primary">
              Nominate an officer
            </Link>
          </p>
        ) : null}
      </div>

      {ice ? (
        <form className="filters" aria-label="Choose the agency" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor={selectId}>Agency</label>
            <select
              id={selectId}
              value={agencyId ?? ''}
              onChange={(e) =>
                navigate(
                  e.target.value ? `/officers?agencyId=${encodeURIComponent(e.target.value)}` : '/officers',
                  { replace: true },
                )
              }
            >
              <option value="">All agencies</option>
              {agencyId && !chosen ? <option value={agencyId}>Agency {agencyId}</option> : null}
              {agencies.map((a) => (
                <option key={a.agencyId} value={a.agencyId}>
                  {a.name} ({stateName(a.state)})
                </option>
              ))}
            </select>
          </div>
        </form>
      ) : null}

      {list.status === 'loading' ? <Loading label="Loading officers…" /> : null}
      {list.status === 'error' ? <ErrorMessage error={list.error} context="Officers" /> : null}

      {list.status === 'success' ? (
        <>
          <section className="section" aria-labelledby="pipeline-heading">
            <h2 id="pipeline-heading">Pipeline{chosen ? `: ${chosen.name}` : ''}</h2>
            {details.status === 'loading' ? <Loading label="Checking refresher deadlines…" /> : null}
            {details.status === 'error' ? (
              <ErrorMessage error={details.error} context="Refresher deadlines" />
            ) : null}
            <div className="pipeline" data-testid="officer-pipeline">
              {PIPELINE.map((stage) => (
                <StageColumn
                  key={stage}
                  stage={stage}
                  rows={rows.filter((r) => r.stage === stage)}
                  agencyName={showAgency ? agencyName : null}
                />
              ))}
            </div>
            <h3 className="subsection-title">No longer in the pipeline</h3>
            <div className="pipeline pipeline-ended">
              {ENDED.map((stage) => (
                <StageColumn
                  key={stage}
                  stage={stage}
                  rows={rows.filter((r) => r.stage === stage)}
                  agencyName={showAgency ? agencyName : null}
                />
              ))}
            </div>
          </section>

          <section className="section" aria-labelledby="refresher-heading">
            <h2 id="refresher-heading">Refresher deadlines coming due</h2>
            <p className="section-note">
              Officers whose refresher training falls due by <DateText value={horizon} /> (the next{' '}
              {DUE_WINDOW_DAYS} days), or has lapsed. A lapsed refresher suspends the officer until a
              refresher is recorded.
              {needDetails.length > fetched.length
                ? ` Deadlines are shown for the first ${fetched.length} of ${needDetails.length} officers; choose an agency to see all.`
                : ''}
            </p>
            {details.status === 'loading' ? (
              <Loading label="Checking refresher deadlines…" />
            ) : due.length === 0 ? (
              <p className="muted" data-testid="refresher-due">
                No refresher falls due in the next {DUE_WINDOW_DAYS} days.
              </p>
            ) : (
              <div className="table-scroll">
                <table className="data-table" data-testid="refresher-due">
                  <caption className="visually-hidden">
                    Refresher deadlines in the next {DUE_WINDOW_DAYS} days
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Officer</th>
                      {showAgency ? <th scope="col">Agency</th> : null}
                      <th scope="col">Model</th>
                      <th scope="col">Refresher due</th>
                      <th scope="col">Time left</th>
                      <th scope="col">Stage</th>
                    </tr>
                  </thead>
                  <tbody>
                    {due.map((r) => {
                      const left = daysBetween(today, r.refresherDue!);
                      return (
                        <tr key={r.officer.officerId}>
                          <th scope="row">
                            <Link to={`/officers/${encodeURIComponent(r.officer.officerId)}`}>
                              {r.officer.displayName}
                            </Link>
                          </th>
                          {showAgency ? <td>{agencyName(r.officer.agencyId) ?? '—'}</td> : null}
                          <td>
                            <ModelAbbr model={r.officer.model} />
                          </td>
                          <td>
                            <DateText value={r.refresherDue} />
                          </td>
                          <td>
                            {left < 0 ? (
                              <span className="badge badge-stage-suspended">
                                Lapsed {-left} {-left === 1 ? 'day' : 'days'} ago
                              </span>
                            ) : left === 0 ? (
                              'Due today'
                            ) : (
                              `${left} ${left === 1 ? 'day' : 'days'}`
                            )}
                          </td>
                          <td>
                            <StageBadge stage={r.stage} />
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      ) : null}
    </>
  );
}

export function StageBadge({ stage }: { stage: string }) {
  return <span className={`badge badge-stage-${stage}`}>{stageLabel(stage)}</span>;
}

function StageColumn({
  stage,
  rows,
  agencyName,
}: {
  stage: OfficerStage;
  rows: Row[];
  agencyName: ((agencyId: string) => string | undefined) | null;
}) {
  const headingId = `stage-${stage}-heading`;
  return (
    <section className={`stage-column stage-${stage}`} aria-labelledby={headingId} data-stage={stage}>
      <h3 id={headingId} className="stage-title">
        {stageLabel(stage)} <span className="stage-count">({rows.length})</span>
      </h3>
      {rows.length === 0 ? (
        <p className="muted small">None</p>
      ) : (
        <ul className="officer-cards">
          {rows.map((r) => (
            <li key={r.officer.officerId} className="officer-card" data-officer-id={r.officer.officerId}>
              <Link to={`/officers/${encodeURIComponent(r.officer.officerId)}`} className="officer-name">
                {r.officer.displayName}
              </Link>
              <span className="officer-meta">
                <ModelAbbr model={r.officer.model} />
                {r.officer.badge ? ` · Badge ${r.officer.badge}` : null}
              </span>
              {agencyName ? (
                <span className="officer-meta">{agencyName(r.officer.agencyId) ?? ''}</span>
              ) : null}
              {stage === 'suspended' && r.reason ? <span className="officer-note">{r.reason}</span> : null}
              {stage === 'authorized' && r.refresherDue ? (
                <span className="officer-note">
                  Refresher due <DateText value={r.refresherDue} />
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
