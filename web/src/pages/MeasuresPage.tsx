/**
 * `/measures`: the program performance measures (issue 8; GAO-09-109, GAO-21-186) for ICE's
 * program office and supervisors. Filters (months, model, state, agency); every measure with its
 * definition, counting rule, lineage and precision in a disclosure; the conviction-category
 * table; charts where a trend helps; CSV and XLSX downloads of every table (the server
 * neutralises formula cells). Exact counts: the server decides who may read them (`stats.read`).
 */
import { type FormEvent, type ReactNode, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { MODELS, queryString, request, type Signal } from '../api.ts';
import { useSignOutOnUnauthorized } from '../components/auth.tsx';
import { ErrorMessage, Loading } from '../components/common.tsx';
import { DataTable, InputField, SelectField } from '../components/fields.tsx';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { useSession } from '../session.tsx';

interface Definition {
  id: string;
  title: string;
  unit: string;
  definition: string;
  countingRule: string;
  lineage: string;
  precision: string;
}

interface Activity {
  encounters: number;
  detainers: number;
  arrests: number;
  transfers: number;
  proceedings: number;
}

interface Report {
  query: { from: string; to: string; model?: string; state?: string; agency?: string };
  definitions: Definition[];
  agencies: { agency: string; state: string }[];
  totals: Activity;
  byMonth: ({ month: string } & Activity)[];
  byGroup: ({ model: string; agency: string; state: string } & Activity)[];
  criminality: { convicted: number; pendingCharges: number; immigrationOnly: number };
  minorOffense: { charged: number; minor: number; percent: number | null };
  detainerOutcomes: {
    detainers: number;
    assumedCustody: number;
    lifted: number;
    releasedAtLimit: number;
    releasedOther: number;
    pending: number;
    liftReasons: { reason: string; n: number }[];
  };
  holdHours: {
    holds: number;
    meanHours: number | null;
    p95Hours: number | null;
    maxHours: number | null;
    overHolds: number;
  };
  citizenship: { claims: number; open: number; citizen: number; notCitizen: number };
  complaints: {
    complaints: number;
    encounters: number;
    per1000: number | null;
    byAgency: {
      agency: string;
      state: string;
      complaints: number;
      encounters: number;
      per1000: number | null;
    }[];
  };
  training: {
    agency: string;
    state: string;
    model: string;
    officers: number;
    trained: number;
    refresherCurrent: number;
    trainedPercent: number | null;
    refresherPercent: number | null;
    asOf: string;
  }[];
  supervision: {
    supervisor: string;
    name: string | null;
    reviews: number;
    approvals: number;
    returns: number;
    medianMinutes: number | null;
  }[];
  convictions: {
    from: string;
    to: string;
    identified: number;
    placedInProceedings: number;
    categories: Record<string, number>;
  };
}

interface Filter {
  from: string;
  to: string;
  model: string;
  state: string;
  agency: string;
}

const ROLES = ['program_office', 'ice_supervisor', 'inspector'];

const CATEGORY_LABELS: Record<string, string> = {
  homicide: 'Homicide (09xx)',
  kidnapping: 'Kidnapping (10xx)',
  sexual_assault: 'Sexual assault (11xx)',
  robbery: 'Robbery (12xx)',
  assault: 'Assault (13xx)',
  dangerous_drugs: 'Dangerous drugs (35xx)',
  sex_offenses: 'Sex offenses (36xx)',
  obstructing_police: 'Obstructing police (48xx)',
  weapon_offenses: 'Weapon offenses (52xx)',
};

const load = (f: Filter, o: Signal) => request<Report>('/measures', { ...o, query: { ...f } });

const thisMonth = () => new Date().toISOString().slice(0, 7);
const monthsBefore = (month: string, n: number) => {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 - n, 1));
  return d.toISOString().slice(0, 7);
};
const num = (n: number | null, suffix = '') => (n === null ? '—' : `${n.toLocaleString('en-US')}${suffix}`);

export function MeasuresPage() {
  useDocumentTitle('Program measures');
  const { session } = useSession();
  if (session.status !== 'signed-in')
    return (
      <>
        <h1>Program measures</h1>
        {session.status === 'error' ? (
          <ErrorMessage error={session.error} context="Session" />
        ) : (
          <Loading label="Checking your session…" />
        )}
        {session.status === 'signed-out' ? <p>Sign in to see the program measures.</p> : null}
      </>
    );
  if (!ROLES.includes(session.user.role))
    return (
      <>
        <h1>Program measures</h1>
        <div className="notice notice-error" role="alert">
          <p className="notice-title">Not permitted</p>
          <p>The program measures are for ICE's program office, supervisors and inspectors.</p>
        </div>
      </>
    );
  return <Measures />;
}

function Measures() {
  const [draft, setDraft] = useState<Filter>(() => ({
    from: monthsBefore(thisMonth(), 11),
    to: thisMonth(),
    model: '',
    state: '',
    agency: '',
  }));
  const [filter, setFilter] = useState(draft);
  const result = useApi(
    (signal) => load(filter, { signal }),
    [filter.from, filter.to, filter.model, filter.state, filter.agency],
  );
  useSignOutOnUnauthorized(result.status === 'error' ? result.error : null);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setFilter(draft);
  };
  const set = (k: keyof Filter) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const agencies = result.status === 'success' ? result.data.agencies : [];
  const states = [...new Set(agencies.map((a) => a.state))].sort();
  return (
    <>
      <div className="page-head">
        <h1>Program measures</h1>
        <p className="lede">
          The performance measures GAO-09-109 and GAO-21-186 found missing, computed from Delegate's records
          (casework and imported encounters) through rollups. Exact counts, for ICE only. Open a measure's
          definition to see what is counted, how, from where, and at what precision.
        </p>
      </div>
      <form className="filter-bar" onSubmit={submit} data-testid="measures-filter">
        <InputField label="From month" type="month" required value={draft.from} onChange={set('from')} />
        <InputField label="To month" type="month" required value={draft.to} onChange={set('to')} />
        <SelectField label="Model" value={draft.model} onChange={set('model')}>
          <option value="">All models</option>
          {MODELS.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </SelectField>
        <SelectField label="State" value={draft.state} onChange={set('state')}>
          <option value="">All states</option>
          {states.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </SelectField>
        <SelectField label="Agency" value={draft.agency} onChange={set('agency')}>
          <option value="">All agencies</option>
          {agencies
            .filter((a) => !draft.state || a.state === draft.state)
            .map((a) => (
              <option key={`${a.state}:${a.agency}`} value={a.agency}>
                {a.agency} ({a.state})
              </option>
            ))}
        </SelectField>
        <button type="submit" className="button">
          Show
        </button>
      </form>
      {result.status === 'loading' ? <Loading label="Loading the measures…" /> : null}
      {result.status === 'error' ? <ErrorMessage error={result.error} context="Measures" /> : null}
      {result.status === 'success' ? <Body report={result.data} filter={filter} /> : null}
    </>
  );
}

function Downloads({ filter, measure }: { filter: Filter; measure: string }) {
  const href = (format: string) => `/api/v1/measures/export${queryString({ ...filter, measure, format })}`;
  return (
    <p className="downloads">
      Download:{' '}
      <a href={href('csv')} download>
        CSV
      </a>{' '}
      ·{' '}
      <a href={href('xlsx')} download>
        XLSX
      </a>
    </p>
  );
}

function Measure({
  report,
  id,
  filter,
  tables,
  children,
}: {
  report: Report;
  id: string;
  filter: Filter;
  tables: string[];
  children: ReactNode;
}) {
  const def = report.definitions.find((d) => d.id === id);
  return (
    <section className="measure" data-testid={`measure-${id}`} aria-labelledby={`measure-${id}-title`}>
      <h2 id={`measure-${id}-title`}>{def?.title ?? id}</h2>
      {def ? (
        <details className="measure-definition" data-testid={`definition-${id}`}>
          <summary>Definition and lineage</summary>
          <dl className="facts">
            <div>
              <dt>Definition</dt>
              <dd>{def.definition}</dd>
            </div>
            <div>
              <dt>Counting rule</dt>
              <dd>{def.countingRule}</dd>
            </div>
            <div>
              <dt>Unit</dt>
              <dd>{def.unit}</dd>
            </div>
            <div>
              <dt>Lineage</dt>
              <dd>{def.lineage}</dd>
            </div>
            <div>
              <dt>Precision</dt>
              <dd>{def.precision}</dd>
            </div>
          </dl>
        </details>
      ) : null}
      {children}
      {tables.map((t) => (
        <Downloads key={t} filter={filter} measure={t} />
      ))}
    </section>
  );
}

function Pairs({
  testId,
  caption,
  rows,
  unit,
}: {
  testId: string;
  caption: string;
  rows: [string, number | null][];
  unit: string;
}) {
  return (
    <DataTable testId={testId} caption={caption} columns={['', { label: unit, className: 'num' }]}>
      {rows.map(([label, n]) => (
        <tr key={label}>
          <th scope="row">{label}</th>
          <td className="num">{num(n)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function Body({ report: r, filter }: { report: Report; filter: Filter }) {
  const d = r.detainerOutcomes;
  const h = r.holdHours;
  return (
    <>
      <p data-testid="measures-summary">
        {r.query.from} to {r.query.to}
        {r.query.model ? `, ${r.query.model}` : ''}
        {r.query.state ? `, ${r.query.state}` : ''}
        {r.query.agency ? `, ${r.query.agency}` : ''}: {num(r.totals.encounters)} encounters,{' '}
        {num(r.totals.detainers)} detainers, {num(r.totals.arrests)} arrests, {num(r.totals.transfers)}{' '}
        transfers.
      </p>

      <Measure report={r} id="activity" filter={filter} tables={['activity', 'activity-by-month']}>
        {r.byMonth.length > 0 ? (
          <figure className="chart-figure" data-testid="activity-chart">
            <div className="chart-frame">
              <ResponsiveContainer width="100%" height={280}>
                <BarChart data={r.byMonth} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                  <CartesianGrid stroke="#d9dde3" vertical={false} />
                  <XAxis dataKey="month" tick={{ fill: '#3d4450', fontSize: 12 }} />
                  <YAxis allowDecimals={false} tick={{ fill: '#3d4450', fontSize: 12 }} width={48} />
                  <Tooltip />
                  <Legend />
                  <Bar dataKey="encounters" name="Encounters" fill="#1f4e79" />
                  <Bar dataKey="detainers" name="Detainers" fill="#b35c00" />
                  <Bar dataKey="arrests" name="Arrests" fill="#2e7d32" />
                  <Bar dataKey="transfers" name="Transfers" fill="#6a1b9a" />
                </BarChart>
              </ResponsiveContainer>
            </div>
            <figcaption>
              Encounters, detainers, arrests and transfers per month; the numbers are in the table below.
            </figcaption>
          </figure>
        ) : null}
        <DataTable
          testId="activity-table"
          caption="By model, state and agency"
          columns={[
            'Model',
            'State',
            'Agency',
            { label: 'Encounters', className: 'num' },
            { label: 'Detainers', className: 'num' },
            { label: 'Arrests', className: 'num' },
            { label: 'Transfers', className: 'num' },
            { label: 'Removal proceedings', className: 'num' },
          ]}
        >
          {r.byGroup.map((g) => (
            <tr key={`${g.model}:${g.state}:${g.agency}`}>
              <td>{g.model}</td>
              <td>{g.state}</td>
              <td>{g.agency}</td>
              <td className="num">{num(g.encounters)}</td>
              <td className="num">{num(g.detainers)}</td>
              <td className="num">{num(g.arrests)}</td>
              <td className="num">{num(g.transfers)}</td>
              <td className="num">{num(g.proceedings)}</td>
            </tr>
          ))}
        </DataTable>
      </Measure>

      <Measure report={r} id="convictions" filter={filter} tables={['convictions']}>
        <Pairs
          testId="conviction-table"
          caption={`Distinct subjects, ${r.convictions.from} to ${r.convictions.to}`}
          unit="People"
          rows={[
            ['Identified', r.convictions.identified],
            ['Placed in removal proceedings', r.convictions.placedInProceedings],
            ...Object.entries(r.convictions.categories).map(
              ([k, n]) => [`Convicted: ${CATEGORY_LABELS[k] ?? k}`, n] as [string, number],
            ),
          ]}
        />
      </Measure>

      <Measure report={r} id="criminality" filter={filter} tables={['criminality']}>
        <Pairs
          testId="criminality-table"
          caption="Encounters by criminality class"
          unit="Encounters"
          rows={[
            ['Convicted', r.criminality.convicted],
            ['Pending charges', r.criminality.pendingCharges],
            ['Immigration violation only', r.criminality.immigrationOnly],
          ]}
        />
      </Measure>

      <Measure report={r} id="minor-offense" filter={filter} tables={['minor-offense']}>
        <p data-testid="minor-offense-share">
          {r.minorOffense.percent === null
            ? 'No encounter with a charge in this selection.'
            : `${r.minorOffense.percent}% of encounters with a charge (${num(r.minorOffense.minor)} of ${num(r.minorOffense.charged)}) had a minor offense as their most serious charge.`}
        </p>
      </Measure>

      <Measure
        report={r}
        id="detainer-outcomes"
        filter={filter}
        tables={['detainer-outcomes', 'lift-reasons']}
      >
        <Pairs
          testId="detainer-outcomes-table"
          caption="Detainer outcomes"
          unit="Detainers"
          rows={[
            ['ICE assumed custody', d.assumedCustody],
            ['Lifted', d.lifted],
            ['Released at the 48-hour limit', d.releasedAtLimit],
            ['Released otherwise', d.releasedOther],
            ['Pending', d.pending],
            ...d.liftReasons.map((x) => [`Lifted: ${x.reason.replace(/_/g, ' ')}`, x.n] as [string, number]),
          ]}
        />
      </Measure>

      <Measure report={r} id="hold-hours" filter={filter} tables={['hold-hours']}>
        <Pairs
          testId="hold-hours-table"
          caption="Hold hours"
          unit="Value"
          rows={[
            ['Completed holds', h.holds],
            ['Mean hours', h.meanHours],
            ['95th percentile hours', h.p95Hours],
            ['Maximum hours', h.maxHours],
            ['Over-holds (more than 48 hours)', h.overHolds],
          ]}
        />
      </Measure>

      <Measure report={r} id="citizenship" filter={filter} tables={['citizenship']}>
        <Pairs
          testId="citizenship-table"
          caption="Citizenship claims"
          unit="Encounters"
          rows={[
            ['Claims or indicia', r.citizenship.claims],
            ['Open', r.citizenship.open],
            ['Confirmed U.S. citizen', r.citizenship.citizen],
            ['Not a citizen', r.citizenship.notCitizen],
          ]}
        />
      </Measure>

      <Measure report={r} id="complaints" filter={filter} tables={['complaints']}>
        <p data-testid="complaints-rate">
          {num(r.complaints.complaints)} complaints for {num(r.complaints.encounters)} encounters:{' '}
          {r.complaints.per1000 === null
            ? 'no rate (no encounters).'
            : `${r.complaints.per1000} per 1,000 encounters.`}
        </p>
        {r.complaints.byAgency.length > 0 ? (
          <DataTable
            testId="complaints-table"
            caption="Complaints by agency"
            columns={[
              'Agency',
              'State',
              { label: 'Complaints', className: 'num' },
              { label: 'Encounters', className: 'num' },
              { label: 'Per 1,000', className: 'num' },
            ]}
          >
            {r.complaints.byAgency.map((c) => (
              <tr key={`${c.state}:${c.agency}`}>
                <td>{c.agency}</td>
                <td>{c.state}</td>
                <td className="num">{num(c.complaints)}</td>
                <td className="num">{num(c.encounters)}</td>
                <td className="num">{num(c.per1000)}</td>
              </tr>
            ))}
          </DataTable>
        ) : null}
      </Measure>

      <Measure report={r} id="training" filter={filter} tables={['training']}>
        {r.training.length === 0 ? (
          <p className="muted">No certified or authorized officer in this selection.</p>
        ) : (
          <DataTable
            testId="training-table"
            caption="Training and refresher compliance"
            columns={[
              'Agency',
              'State',
              'Model',
              { label: 'Officers', className: 'num' },
              { label: 'Trained', className: 'num' },
              { label: 'Refresher current', className: 'num' },
              'As of',
            ]}
          >
            {r.training.map((t) => (
              <tr key={`${t.state}:${t.agency}:${t.model}`}>
                <td>{t.agency}</td>
                <td>{t.state}</td>
                <td>{t.model}</td>
                <td className="num">{num(t.officers)}</td>
                <td className="num">
                  {num(t.trained)} ({num(t.trainedPercent, '%')})
                </td>
                <td className="num">
                  {num(t.refresherCurrent)} ({num(t.refresherPercent, '%')})
                </td>
                <td>{t.asOf}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Measure>

      <Measure report={r} id="supervision" filter={filter} tables={['supervision']}>
        {r.supervision.length === 0 ? (
          <p className="muted">No I-213 review in this selection.</p>
        ) : (
          <DataTable
            testId="supervision-table"
            caption="Supervision evidence per ICE supervisor"
            columns={[
              'Supervisor',
              { label: 'Reviews', className: 'num' },
              { label: 'Approvals', className: 'num' },
              { label: 'Returns', className: 'num' },
              { label: 'Median review (minutes)', className: 'num' },
            ]}
          >
            {r.supervision.map((s) => (
              <tr key={s.supervisor}>
                <td>{s.name ?? s.supervisor}</td>
                <td className="num">{num(s.reviews)}</td>
                <td className="num">{num(s.approvals)}</td>
                <td className="num">{num(s.returns)}</td>
                <td className="num">{num(s.medianMinutes)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Measure>
    </>
  );
}
