/** `/`: the public registry of 287(g) agreements. No sign-in required. */
import { lazy, Suspense, useId, useMemo, useState } from 'react';
import { api, type Snapshot } from '../api.ts';
import { AgreementsTable } from '../components/AgreementsTable.tsx';
import { ErrorMessage, Loading } from '../components/common.tsx';
import { SummaryCards } from '../components/SummaryCards.tsx';
import { UsMap } from '../components/UsMap.tsx';
import { useApi, useDocumentTitle } from '../hooks.ts';

const ModelChart = lazy(() => import('../components/ModelChart.tsx'));

/** ICE's state names (upper case), so every state can be chosen even when it has no agreements. */
const US_STATES = [
  'ALABAMA',
  'ALASKA',
  'ARIZONA',
  'ARKANSAS',
  'CALIFORNIA',
  'COLORADO',
  'CONNECTICUT',
  'DELAWARE',
  'DISTRICT OF COLUMBIA',
  'FLORIDA',
  'GEORGIA',
  'HAWAII',
  'IDAHO',
  'ILLINOIS',
  'INDIANA',
  'IOWA',
  'KANSAS',
  'KENTUCKY',
  'LOUISIANA',
  'MAINE',
  'MARYLAND',
  'MASSACHUSETTS',
  'MICHIGAN',
  'MINNESOTA',
  'MISSISSIPPI',
  'MISSOURI',
  'MONTANA',
  'NEBRASKA',
  'NEVADA',
  'NEW HAMPSHIRE',
  'NEW JERSEY',
  'NEW MEXICO',
  'NEW YORK',
  'NORTH CAROLINA',
  'NORTH DAKOTA',
  'OHIO',
  'OKLAHOMA',
  'OREGON',
  'PENNSYLVANIA',
  'RHODE ISLAND',
  'SOUTH CAROLINA',
  'SOUTH DAKOTA',
  'TENNESSEE',
  'TEXAS',
  'UTAH',
  'VERMONT',
  'VIRGINIA',
  'WASHINGTON',
  'WEST VIRGINIA',
  'WISCONSIN',
  'WYOMING',
];

function latestDate(snapshots: Snapshot[], list: Snapshot['list']): string | null {
  let latest: string | null = null;
  for (const s of snapshots) if (s.list === list && (latest === null || s.date > latest)) latest = s.date;
  return latest;
}

function earliestDate(snapshots: Snapshot[]): string | undefined {
  let earliest: string | undefined;
  for (const s of snapshots) if (earliest === undefined || s.date < earliest) earliest = s.date;
  return earliest;
}

/** The server's "today" is the UTC calendar date; it refuses later dates. */
function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export function RegistryPage() {
  useDocumentTitle('287(g) agreements registry');
  const asOfId = useId();
  const snapshots = useApi((signal) => api.snapshots({ signal }), []);
  const snapshotItems = snapshots.data?.items ?? [];
  const latest = latestDate(snapshotItems, 'participating');

  // The chosen date; until the user picks one it follows the latest participating snapshot.
  const [picked, setPicked] = useState<string | null>(null);
  const asOf = picked ?? latest ?? '';
  const ready = snapshots.status !== 'loading';
  const [mapState, setMapState] = useState('');

  const participating = useApi(
    (signal) => api.counts({ asOf, list: 'participating' }, { signal }),
    [asOf],
    ready,
  );
  const pending = useApi((signal) => api.counts({ asOf, list: 'pending' }, { signal }), [asOf], ready);
  const states = useApi((signal) => api.states({ asOf, list: 'participating' }, { signal }), [asOf], ready);
  const timeline = useApi((signal) => api.timeline({ signal }), []);

  const stateOptions = useMemo(() => {
    const all = new Set(US_STATES);
    for (const item of states.data?.items ?? []) all.add(item.state.trim().toUpperCase());
    return [...all].sort();
  }, [states.data]);

  const participatingTimeline = useMemo(
    () =>
      (timeline.data?.items ?? [])
        .filter((p) => p.list === 'participating')
        .sort((a, b) => a.date.localeCompare(b.date)),
    [timeline.data],
  );

  const selectState = (state: string) => {
    setMapState(state);
    document.getElementById('agreements-heading')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  const participatingSnapshot = participating.data?.snapshot;
  const pendingSnapshot = pending.data?.snapshot;

  return (
    <>
      <div className="page-head">
        <h1>287(g) agreements registry</h1>
        <p className="lede">
          Law enforcement agencies that ICE lists as participating in, or pending, agreements under section
          287(g) of the Immigration and Nationality Act, by model: Jail Enforcement Model (JEM), Warrant
          Service Officer (WSO) and Task Force Model (TFM).
        </p>
      </div>

      <section className="as-of panel">
        <h2 id="as-of-heading" className="visually-hidden">
          Reporting date
        </h2>
        <div className="as-of-row">
          <div className="field">
            <label htmlFor={asOfId}>As of</label>
            <input
              id={asOfId}
              type="date"
              value={asOf}
              min={earliestDate(snapshotItems)}
              max={todayUtc()}
              aria-describedby={`${asOfId}-hint`}
              onChange={(e) => setPicked(e.target.value)}
            />
          </div>
          {picked !== null && picked !== latest && latest ? (
            <button type="button" className="button button-secondary" onClick={() => setPicked(null)}>
              Latest list
            </button>
          ) : null}
          <div className="as-of-info" id={`${asOfId}-hint`}>
            <p>Counts use the most recent list ICE published on or before this date.</p>
            <p className="small muted">
              Participating list:{' '}
              {participatingSnapshot ? (
                <time dateTime={participatingSnapshot}>{participatingSnapshot}</time>
              ) : participating.status === 'success' ? (
                'none on or before this date'
              ) : (
                '…'
              )}
              {' · '}Pending list:{' '}
              {pendingSnapshot ? (
                <time dateTime={pendingSnapshot}>{pendingSnapshot}</time>
              ) : pending.status === 'success' ? (
                'none on or before this date'
              ) : (
                '…'
              )}
            </p>
          </div>
        </div>
        {snapshots.status === 'error' ? <ErrorMessage error={snapshots.error} context="Snapshots" /> : null}
      </section>

      <section className="section">
        <h2 id="summary-heading">Summary</h2>
        {participating.status === 'error' ? (
          <ErrorMessage error={participating.error} context="Participating counts" />
        ) : null}
        {pending.status === 'error' ? <ErrorMessage error={pending.error} context="Pending counts" /> : null}
        <SummaryCards participating={participating.data} pending={pending.data} />
      </section>

      <div className="two-col">
        <section className="section">
          <h2 id="map-heading">Agreements by state</h2>
          {states.status === 'error' ? (
            <ErrorMessage error={states.error} context="Counts by state" />
          ) : states.status === 'loading' ? (
            <Loading label="Loading counts by state…" />
          ) : (
            <UsMap items={states.data.items} snapshot={states.data.snapshot} onSelectState={selectState} />
          )}
        </section>

        <section className="section">
          <h2 id="chart-heading">Agreements by model over time</h2>
          {timeline.status === 'error' ? (
            <ErrorMessage error={timeline.error} context="Timeline" />
          ) : timeline.status === 'loading' ? (
            <Loading label="Loading timeline…" />
          ) : (
            <Suspense fallback={<Loading label="Loading chart…" />}>
              <ModelChart items={participatingTimeline} />
            </Suspense>
          )}
        </section>
      </div>

      <section className="section">
        <h2 id="agreements-heading">Agreements</h2>
        <p className="section-note">
          Current status of each agreement across all imported lists. Signed dates are shown as ICE published
          them when they could not be read as a date.
        </p>
        <AgreementsTable stateOptions={stateOptions} state={mapState} onStateChange={setMapState} />
      </section>
    </>
  );
}
