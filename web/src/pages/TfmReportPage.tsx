/**
 * `/tfm-report`: the TFM supervisor report — per arresting officer, the warrantless arrests of a
 * period with their "likely to escape" facts, and the 8 CFR 287.3(a) examining-officer
 * exceptions with their reasons. Agency staff see their agency; ICE sees every agency.
 */
import { type FormEvent, useState } from 'react';
import { tfmApi } from '../api.ts';
import { SignedIn, useSignOutOnUnauthorized } from '../components/auth.tsx';
import { ErrorMessage, Loading } from '../components/common.tsx';
import { DataTable, InputField } from '../components/fields.tsx';
import { addDays, formatTimestamp, todayUtc } from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { Link } from '../router.tsx';

export function TfmReportPage() {
  useDocumentTitle('TFM supervisor report');
  return (
    <SignedIn title="TFM supervisor report" area="tfmReport">
      {() => <Report />}
    </SignedIn>
  );
}

const EXAMINATION_LABELS = {
  other_officer: 'Examined by another officer',
  exception: 'Exception: examined by the arresting officer',
  pending: 'Not yet examined',
} as const;

function Report() {
  const [from, setFrom] = useState(() => addDays(todayUtc(), -90));
  const [to, setTo] = useState(todayUtc);
  const [period, setPeriod] = useState({ from, to });
  const result = useApi((signal) => tfmApi.report(period, { signal }), [period.from, period.to]);
  useSignOutOnUnauthorized(result.status === 'error' ? result.error : null);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setPeriod({ from, to });
  };
  return (
    <>
      <div className="page-head">
        <h1>TFM supervisor report</h1>
        <p className="lede">
          Warrantless arrests (INA §287(a)(2)) and examining-officer exceptions (8 CFR 287.3(a)) per arresting
          officer. Officers with exceptions come first.
        </p>
      </div>
      <form className="filter-bar" onSubmit={submit} data-testid="report-period">
        <InputField label="From" type="date" required value={from} onChange={setFrom} />
        <InputField label="To" type="date" required value={to} onChange={setTo} />
        <button type="submit" className="button">
          Show
        </button>
      </form>
      {result.status === 'loading' ? <Loading label="Loading the report…" /> : null}
      {result.status === 'error' ? <ErrorMessage error={result.error} context="Report" /> : null}
      {result.status === 'success' ? (
        <>
          <p data-testid="report-totals">
            {result.data.totals.warrantlessArrests} warrantless arrests,{' '}
            {result.data.totals.examinerExceptions} examining-officer exceptions,{' '}
            {result.data.totals.pendingExaminations} awaiting examination ({result.data.from} to{' '}
            {result.data.to}).
          </p>
          {result.data.officers.length === 0 ? (
            <p className="muted" data-testid="report-officers">
              No warrantless arrest in this period.
            </p>
          ) : (
            <DataTable
              testId="report-officers"
              caption="Per arresting officer"
              columns={[
                'Officer',
                { label: 'Warrantless arrests', className: 'num' },
                { label: 'Exceptions', className: 'num' },
                { label: 'Awaiting examination', className: 'num' },
              ]}
            >
              {result.data.officers.map((o) => (
                <tr key={o.userId} data-officer={o.name}>
                  <th scope="row">{o.name}</th>
                  <td className="num">{o.warrantlessArrests}</td>
                  <td className="num">{o.examinerExceptions}</td>
                  <td className="num">{o.pendingExaminations}</td>
                </tr>
              ))}
            </DataTable>
          )}
          {result.data.officers.map((o) => (
            <section key={o.userId} className="section" aria-label={`Arrests by ${o.name}`}>
              <h2>{o.name}</h2>
              <DataTable
                testId="report-arrests"
                caption={`Warrantless arrests by ${o.name}`}
                columns={['Case', 'Arrested', 'Jurisdiction', 'Likely to escape', 'Examination', 'Advisals']}
              >
                {o.arrests.map((a) => (
                  <tr key={a.caseId} data-examination={a.examination}>
                    <th scope="row">
                      <Link to={`/field/cases/${encodeURIComponent(a.caseId)}`}>{a.caseNumber}</Link>
                    </th>
                    <td>
                      <time dateTime={a.arrestedAt}>{formatTimestamp(a.arrestedAt)}</time>
                    </td>
                    <td>{a.jurisdiction ?? '—'}</td>
                    <td>{a.likelyToEscape}</td>
                    <td>
                      {EXAMINATION_LABELS[a.examination]}
                      {a.exceptionReason ? `: ${a.exceptionReason}` : ''}
                      {a.examination === 'other_officer' && a.examinedBy ? ` (${a.examinedBy})` : ''}
                    </td>
                    <td>{a.advisalsRecorded ? 'Recorded' : 'Not yet'}</td>
                  </tr>
                ))}
              </DataTable>
            </section>
          ))}
        </>
      ) : null}
    </>
  );
}
