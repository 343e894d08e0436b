/** `/agencies/:id`: one agency, its agreements, pending entries and change history. */
import { api } from '../api.ts';
import {
  DateText,
  DocumentLinks,
  ErrorMessage,
  Loading,
  ModelAbbr,
  SignedDate,
  StatusBadge,
} from '../components/common.tsx';
import { DataTable } from '../components/fields.tsx';
import { eventLabel, modelName, stateName } from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { Link } from '../router.tsx';

export function AgencyPage({ agencyId }: { agencyId: string }) {
  const result = useApi((signal) => api.agency(agencyId, { signal }), [agencyId]);
  useDocumentTitle(
    result.status === 'success'
      ? result.data.agency.name
      : result.status === 'error' && result.error.status === 404
        ? 'Agency not found'
        : 'Agency',
  );

  if (result.status === 'loading') {
    return (
      <>
        <h1>Agency</h1>
        <Loading label="Loading agency…" />
      </>
    );
  }

  if (result.status === 'error') {
    if (result.error.status === 404) {
      return (
        <div className="not-found">
          <h1>Agency not found</h1>
          <p>
            No agency with the identifier <code>{agencyId}</code> is recorded in the registry. It may have
            been mistyped, or the link may be out of date.
          </p>
          <p>
            <Link to="/">Return to the 287(g) agreements registry</Link>
          </p>
        </div>
      );
    }
    return (
      <>
        <h1>Agency</h1>
        <ErrorMessage error={result.error} />
      </>
    );
  }

  const { agency, agreements, pending, events } = result.data;
  const otherNames = agency.names.filter((n) => n.name !== agency.name);
  const history = [...events].sort((a, b) => a.date.localeCompare(b.date));

  return (
    <>
      <p className="breadcrumb">
        <Link to="/">Registry</Link> <span aria-hidden="true">›</span> Agency
      </p>
      <h1 data-testid="agency-name">{agency.name}</h1>

      <dl className="facts">
        <div>
          <dt>State</dt>
          <dd data-testid="agency-state">{stateName(agency.state)}</dd>
        </div>
        <div>
          <dt>Agency type</dt>
          <dd data-testid="agency-type">
            {agency.agencyType ?? <span className="muted">Not published</span>}
          </dd>
        </div>
        <div>
          <dt>County</dt>
          <dd data-testid="agency-county">{agency.county ?? <span className="muted">Not published</span>}</dd>
        </div>
        <div>
          <dt>Registry identifier</dt>
          <dd>
            <code>{agency.agencyId}</code>
          </dd>
        </div>
      </dl>

      <section className="section">
        <h2 id="names-heading">Other names in ICE lists</h2>
        {otherNames.length === 0 ? (
          <p className="muted">The agency has appeared under this name only.</p>
        ) : (
          <DataTable
            testId="agency-names"
            caption="Other names under which the agency was listed"
            columns={['Name as listed', 'First seen', 'Last seen']}
          >
            {otherNames.map((n) => (
              <tr key={`${n.name}-${n.firstSeen}`}>
                <td>{n.name}</td>
                <td>
                  <DateText value={n.firstSeen} />
                </td>
                <td>
                  <DateText value={n.lastSeen} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <section className="section">
        <h2 id="agency-agreements-heading">Agreements</h2>
        {agreements.length === 0 ? (
          <p className="muted">No 287(g) agreements are recorded for this agency.</p>
        ) : (
          <DataTable
            testId="agency-agreements"
            caption={<>287(g) agreements of {agency.name}</>}
            columns={['Model', 'Signed', 'Status', 'First seen', 'Last seen', 'Documents']}
          >
            {agreements.map((a) => (
              <tr key={a.agreementId} data-agreement-id={a.agreementId}>
                <td>
                  {modelName(a.model)} (<ModelAbbr model={a.model} />)
                </td>
                <td>
                  <SignedDate agreement={a} />
                </td>
                <td>
                  <StatusBadge status={a.status} />
                </td>
                <td>
                  <DateText value={a.firstSeen} />
                </td>
                <td>
                  <DateText value={a.lastSeen} />
                </td>
                <td>
                  <DocumentLinks agreement={a} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <section className="section">
        <h2 id="pending-heading">Pending entries</h2>
        {pending.length === 0 ? (
          <p className="muted">The agency does not appear on any imported pending list.</p>
        ) : (
          <ul className="plain-list" data-testid="agency-pending">
            {pending.map((p) => (
              <li key={`${p.model}-${p.snapshotDate ?? p.firstSeen ?? ''}`}>
                {modelName(p.model)} (<ModelAbbr model={p.model} />)
                {p.snapshotDate ? (
                  <>
                    {' '}
                    — on the pending list of <DateText value={p.snapshotDate} />
                  </>
                ) : p.firstSeen ? (
                  <>
                    {' '}
                    — on pending lists from <DateText value={p.firstSeen} /> to{' '}
                    <DateText value={p.lastSeen} />
                  </>
                ) : null}
                {p.status ? (
                  <>
                    {' '}
                    <StatusBadge status={p.status} />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="section">
        <h2 id="history-heading">History</h2>
        <p className="section-note">Changes observed between successive ICE lists, oldest first.</p>
        {history.length === 0 ? (
          <p className="muted" data-testid="agency-history">
            No changes have been recorded.
          </p>
        ) : (
          <ol className="timeline" data-testid="agency-history">
            {history.map((e) => (
              <li
                key={`${e.date}|${e.kind}|${e.model ?? ''}|${e.detail}`}
                className={`event event-${e.kind}`}
              >
                <div className="event-date">
                  <DateText value={e.date} />
                </div>
                <div className="event-body">
                  <p className="event-kind">
                    {eventLabel(e.kind)}
                    {e.model ? (
                      <>
                        {' '}
                        · <ModelAbbr model={e.model} />
                      </>
                    ) : null}
                  </p>
                  {e.detail ? <p className="event-detail">{e.detail}</p> : null}
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
