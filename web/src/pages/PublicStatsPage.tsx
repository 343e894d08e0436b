/**
 * `/statistics`: the public dashboard (no sign-in). Fixed tables of the latest release that
 * passed its disclosure check, by model or by state and quarter; every count is rounded to the
 * nearest 10 on the server and percentages come from the rounded counts. CSV downloads with the
 * data dictionary and methodology note. Tables scroll sideways on a phone.
 */
import { useId, useMemo, useState } from 'react';
import { type PublicTable, publicStatsApi } from '../api.ts';
import { ErrorMessage, Loading } from '../components/common.tsx';
import { ScrollRegion } from '../components/fields.tsx';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { Link } from '../router.tsx';

const ALL = '*';

const MEASURE_LABELS: Record<string, string> = {
  encounters: 'Encounter records',
  detainers_issued: 'Encounter records with a detainer (I-247A) issued',
  identified: 'Subjects identified',
  placed_in_proceedings: 'Subjects placed in removal proceedings',
  homicide: 'Subjects with a homicide conviction',
  kidnapping: 'Subjects with a kidnapping conviction',
  sexual_assault: 'Subjects with a sexual assault conviction',
  robbery: 'Subjects with a robbery conviction',
  assault: 'Subjects with an assault conviction',
  dangerous_drugs: 'Subjects with a dangerous drugs conviction',
  sex_offenses: 'Subjects with a sex offense conviction',
  obstructing_police: 'Subjects with an obstructing police conviction',
  weapon_offenses: 'Subjects with a weapon offense conviction',
};

const label = (v: string, what: string) => (v === ALL ? `All ${what}` : v);
const unique = (xs: string[]) => [...new Set(xs)];

/** Rows (model or state), columns (quarters) and values of one measure of a table. */
function grid(table: PublicTable, measure: string) {
  const cells = table.cells.filter((c) => c.key[0] === measure);
  const rows = unique(cells.map((c) => c.key[1] ?? ''));
  const cols = unique(cells.map((c) => c.key[2] ?? ''));
  const value = new Map(cells.map((c) => [`${c.key[1]}|${c.key[2]}`, c.value]));
  return { rows, cols, at: (r: string, q: string) => value.get(`${r}|${q}`) };
}

function StatsGrid({ table, measure, by }: { table: PublicTable; measure: string; by: 'model' | 'state' }) {
  const g = useMemo(() => grid(table, measure), [table, measure]);
  const what = by === 'model' ? 'models' : 'states';
  const captionId = useId();
  return (
    <ScrollRegion labelledBy={captionId}>
      <table className="data-table">
        <caption id={captionId} className="visually-hidden">
          {MEASURE_LABELS[measure] ?? measure} by {by} and quarter, rounded to the nearest 10
        </caption>
        <thead>
          <tr>
            <th scope="col">{by === 'model' ? 'Model' : 'State'}</th>
            {g.cols.map((q) => (
              <th scope="col" key={q} className="num">
                {q === ALL ? 'Whole period' : q}
              </th>
            ))}
            <th scope="col" className="num">
              Share of all {what}
            </th>
          </tr>
        </thead>
        <tbody>
          {g.rows.map((r) => {
            const total = g.at(ALL, ALL) ?? 0;
            const own = g.at(r, ALL) ?? 0;
            const share = r === ALL || total === 0 ? null : Math.round((own / total) * 1000) / 10;
            return (
              <tr key={r}>
                <th scope="row">{label(r, what)}</th>
                {g.cols.map((q) => (
                  <td key={q} className="num">
                    {(g.at(r, q) ?? 0).toLocaleString('en-US')}
                  </td>
                ))}
                <td className="num">{share === null ? '—' : `${share}%`}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export function PublicStatsPage() {
  useDocumentTitle('Program statistics');
  const stats = useApi((signal) => publicStatsApi.stats({ signal }), []);
  const [by, setBy] = useState<'model' | 'state'>('model');
  const [measure, setMeasure] = useState('encounters');
  const byId = useId();
  const measureId = useId();

  const tables = stats.data?.tables ?? [];
  const kind = measure === 'encounters' || measure === 'detainers_issued' ? 'records' : 'subjects';
  const table = tables.find((t) => t.id === `${kind}-by-${by}-quarter`);
  const measures = unique(tables.flatMap((t) => t.cells.map((c) => c.key[0] ?? '')));

  return (
    <>
      <div className="page-head">
        <h1>Program statistics</h1>
        <p className="lede">
          Encounters, detainers, removal proceedings and conviction categories under 287(g) agreements, by
          model, state and quarter. Every count is rounded to the nearest 10, so totals may not equal the sum
          of their parts. See also the <Link to="/">registry of agreements</Link>.
        </p>
      </div>

      {stats.status === 'loading' ? <Loading /> : null}
      {stats.status === 'error' ? <ErrorMessage error={stats.error} context="Statistics" /> : null}
      {stats.status === 'success' && stats.data.releaseId === null ? (
        <p className="panel">No statistics have been published yet.</p>
      ) : null}

      {stats.status === 'success' && stats.data.releaseId !== null ? (
        <>
          <section className="panel">
            <p className="small muted">
              Period {stats.data.periodFrom} to {stats.data.periodTo} · published{' '}
              <time dateTime={stats.data.builtAt ?? ''}>{stats.data.builtAt?.slice(0, 10)}</time>
            </p>
            <div className="as-of-row">
              <div className="field">
                <label htmlFor={measureId}>Measure</label>
                <select id={measureId} value={measure} onChange={(e) => setMeasure(e.target.value)}>
                  {measures.map((m) => (
                    <option key={m} value={m}>
                      {MEASURE_LABELS[m] ?? m}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={byId}>Break down by</label>
                <select id={byId} value={by} onChange={(e) => setBy(e.target.value as 'model' | 'state')}>
                  <option value="model">Model</option>
                  <option value="state">State</option>
                </select>
              </div>
            </div>
          </section>

          <section className="section">
            <h2>
              {MEASURE_LABELS[measure] ?? measure} by {by} and quarter
            </h2>
            {table ? (
              <StatsGrid table={table} measure={measure} by={by} />
            ) : (
              <p>This table is not published.</p>
            )}
          </section>

          <section className="section">
            <h2>Downloads</h2>
            <ul>
              {tables.map((t) => (
                <li key={t.id}>
                  <a href={publicStatsApi.downloadUrl(t.id)} download>
                    {t.title} (CSV)
                  </a>
                </li>
              ))}
              <li>
                <a href={publicStatsApi.downloadUrl('dictionary')} download>
                  Data dictionary and methodology (CSV)
                </a>
              </li>
            </ul>
          </section>

          <section className="section">
            <h2>Methodology</h2>
            <ul>
              {stats.data.methodology.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </section>
        </>
      ) : null}
    </>
  );
}
