/**
 * `/oversight/wso`: the WSO program view GAO-21-186 found missing, for the program office and
 * inspectors — per agency, warrants lodged, served, transferred to ICE, released at the end of
 * the custody clock and withdrawn; how the clock performed (median and longest hours from
 * service to transfer, people held past its end); and the inspection history.
 */
import type { ReactNode } from 'react';
import { wsoApi } from '../api.ts';
import { SignedIn, useSignOutOnUnauthorized } from '../components/auth.tsx';
import { ErrorMessage, Loading } from '../components/common.tsx';
import { DataTable, HeadRow } from '../components/fields.tsx';
import { formatTimestamp } from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';

/** A table wider than the page: its scrolling region is focusable, so a keyboard can scroll it. */
function WideTable({
  testId,
  caption,
  columns,
  children,
}: {
  testId: string;
  caption: string;
  columns: (string | { label: string; className: string })[];
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1).
    <section className="table-scroll" tabIndex={0} aria-label={caption}>
      <table className="data-table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <HeadRow columns={columns} />
        <tbody>{children}</tbody>
      </table>
    </section>
  );
}

export function WsoOversightPage() {
  useDocumentTitle('WSO program view');
  return (
    <SignedIn title="WSO program view" area="wsoOversight">
      {() => <Oversight />}
    </SignedIn>
  );
}

const hours = (h: number | null) => (h === null ? '—' : `${h} h`);
const NUM = 'num';

function Oversight() {
  const view = useApi((signal) => wsoApi.oversight({ signal }), []);
  useSignOutOnUnauthorized(view.error);
  return (
    <>
      <div className="page-head">
        <h1>WSO program view</h1>
        <p className="lede">
          Warrant Service Officer partners, per agency: warrants ICE lodged, served at release, transferred to
          ICE, released because ICE did not assume custody within 48 hours of service, and withdrawn; the
          custody clock&rsquo;s performance; and inspections.
        </p>
      </div>
      {view.status === 'loading' ? <Loading label="Loading the program view…" /> : null}
      {view.status === 'error' ? <ErrorMessage error={view.error} context="WSO program view" /> : null}
      {view.status === 'success' ? (
        <>
          <p className="muted small">
            As of <time dateTime={view.data.at}>{formatTimestamp(view.data.at)}</time>
          </p>
          {view.data.agencies.length === 0 ? (
            <p className="muted" data-testid="wso-oversight">
              No warrant has been lodged with a WSO agency.
            </p>
          ) : (
            <WideTable
              testId="wso-oversight"
              caption="WSO warrants and the custody clock, per agency"
              columns={[
                'Agency',
                { label: 'Lodged', className: NUM },
                { label: 'Served', className: NUM },
                { label: 'Transferred to ICE', className: NUM },
                { label: 'Released at 48 h', className: NUM },
                { label: 'Withdrawn', className: NUM },
                { label: 'Open', className: NUM },
                { label: 'IGSA', className: NUM },
                { label: 'Median hours to transfer', className: NUM },
                { label: 'Longest', className: NUM },
                { label: 'Held past 48 h', className: NUM },
              ]}
            >
              {view.data.agencies.map((a) => (
                <tr key={a.agencyId} data-agency-id={a.agencyId}>
                  <th scope="row">{a.agencyName}</th>
                  <td className={NUM} data-field="lodged">
                    {a.lodged}
                  </td>
                  <td className={NUM} data-field="served">
                    {a.served}
                  </td>
                  <td className={NUM} data-field="transferred">
                    {a.transferred}
                  </td>
                  <td className={NUM} data-field="releasedAtLimit">
                    {a.releasedAtLimit}
                  </td>
                  <td className={NUM}>{a.withdrawn}</td>
                  <td className={NUM}>{a.open}</td>
                  <td className={NUM}>{a.igsa}</td>
                  <td className={NUM}>{hours(a.clock.medianHoursToTransfer)}</td>
                  <td className={NUM}>{hours(a.clock.maxHoursToTransfer)}</td>
                  <td className={NUM} data-field="overLimit">
                    {a.clock.overLimit}
                  </td>
                </tr>
              ))}
              <tr>
                <th scope="row">All agencies</th>
                <td className={NUM}>{view.data.totals.lodged}</td>
                <td className={NUM}>{view.data.totals.served}</td>
                <td className={NUM}>{view.data.totals.transferred}</td>
                <td className={NUM}>{view.data.totals.releasedAtLimit}</td>
                <td className={NUM}>{view.data.totals.withdrawn}</td>
                <td className={NUM}>{view.data.totals.open}</td>
                <td className={NUM}>{view.data.totals.igsa}</td>
                <td className={NUM}>—</td>
                <td className={NUM}>—</td>
                <td className={NUM}>{view.data.totals.overLimit}</td>
              </tr>
            </WideTable>
          )}
          <h2>Inspections</h2>
          {view.data.inspections.length === 0 ? (
            <p className="muted" data-testid="wso-inspections">
              {view.data.inspectionsNote ?? 'No inspection is recorded.'}
            </p>
          ) : (
            <DataTable
              testId="wso-inspections"
              caption="Inspections of WSO partners"
              columns={['Date', 'Finding']}
            >
              {view.data.inspections.map((i) => (
                <tr key={`${i.agencyId}-${i.on}`}>
                  <th scope="row">{i.on}</th>
                  <td>{i.finding}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </>
      ) : null}
    </>
  );
}
