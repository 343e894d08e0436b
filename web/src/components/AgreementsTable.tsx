/** Filterable, cursor-paginated table of agreements (GET /api/v1/agreements). */
import { useEffect, useState } from 'react';
import { AGREEMENT_STATUSES, type Agreement, type AgreementStatus, api, MODELS, type Model } from '../api.ts';
import { MODEL_NAMES, STATUS_LABELS, stateName } from '../format.ts';
import { useApi, useDebounced } from '../hooks.ts';
import { Link } from '../router.tsx';
import { DocumentLinks, ErrorMessage, ModelAbbr, SignedDate, StatusBadge } from './common.tsx';
import { HeadRow } from './fields.tsx';

const PAGE_SIZE = 25;

export function AgreementsTable({
  stateOptions,
  state,
  onStateChange,
}: {
  stateOptions: string[];
  state: string;
  onStateChange: (state: string) => void;
}) {
  const [model, setModel] = useState<Model | ''>('');
  const [status, setStatus] = useState<AgreementStatus | ''>('active');
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  // Paging belongs to one combination of filters; a change of filter starts again from page 1.
  const filterKey = JSON.stringify([state, model, status, q]);
  const [paging, setPaging] = useState<{ key: string; cursor: string | null; previous: (string | null)[] }>({
    key: filterKey,
    cursor: null,
    previous: [],
  });
  const current = paging.key === filterKey ? paging : { key: filterKey, cursor: null, previous: [] };
  const { cursor, previous } = current;
  const [shown, setShown] = useState<{ items: Agreement[]; nextCursor: string | null } | null>(null);

  const result = useApi(
    (signal) => api.agreements({ state, model, status, q, limit: PAGE_SIZE, cursor }, { signal }),
    [state, model, status, q, cursor],
  );

  useEffect(() => {
    if (result.status === 'success') setShown(result.data);
    else if (result.status === 'error') setShown(null);
  }, [result]);

  const loading = result.status === 'loading';
  const page = previous.length + 1;
  const rows = shown?.items ?? [];

  const goNext = () => {
    if (!shown?.nextCursor) return;
    setPaging({ key: filterKey, cursor: shown.nextCursor, previous: [...previous, cursor] });
  };
  const goPrevious = () => {
    if (previous.length === 0) return;
    setPaging({
      key: filterKey,
      cursor: previous[previous.length - 1] ?? null,
      previous: previous.slice(0, -1),
    });
  };
  const clear = () => {
    onStateChange('');
    setModel('');
    setStatus('active');
    setSearch('');
  };

  const statusText = loading
    ? 'Loading agreements…'
    : result.status === 'error'
      ? 'Agreements could not be loaded.'
      : rows.length === 0
        ? 'No agreements match these filters.'
        : `Page ${page}: showing ${rows.length} ${rows.length === 1 ? 'agreement' : 'agreements'}${
            shown?.nextCursor ? '; more on the next page' : ''
          }.`;

  return (
    <div className="agreements">
      <form className="filters" aria-label="Filter agreements" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="filter-state">State</label>
          <select id="filter-state" value={state} onChange={(e) => onStateChange(e.target.value)}>
            <option value="">All states</option>
            {stateOptions.map((s) => (
              <option key={s} value={s}>
                {stateName(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-model">Model</label>
          <select id="filter-model" value={model} onChange={(e) => setModel(e.target.value as Model | '')}>
            <option value="">All models</option>
            {MODELS.map((m) => (
              <option key={m} value={m}>
                {MODEL_NAMES[m]} ({m})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select
            id="filter-status"
            value={status}
            onChange={(e) => setStatus(e.target.value as AgreementStatus | '')}
          >
            <option value="">All statuses</option>
            {AGREEMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-grow">
          <label htmlFor="filter-q">Agency name</label>
          <input
            id="filter-q"
            type="search"
            value={search}
            placeholder="Search by name"
            autoComplete="off"
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <div className="field field-action">
          <button type="button" className="button button-secondary" onClick={clear}>
            Clear filters
          </button>
        </div>
      </form>

      <p className="table-status" role="status">
        {statusText}
      </p>
      {result.status === 'error' ? <ErrorMessage error={result.error} context="Agreements" /> : null}

      <div className="table-scroll" aria-busy={loading}>
        <table className="data-table" data-testid="agreements-table">
          <caption className="visually-hidden">Agreements matching the selected filters, page {page}</caption>
          <HeadRow columns={['Agency', 'State', 'Model', 'Signed', 'Status', 'MOA']} />
          <tbody className={loading ? 'is-loading' : undefined}>
            {rows.map((a) => (
              <tr key={a.agreementId} data-agreement-id={a.agreementId}>
                <td>
                  <Link to={`/agencies/${encodeURIComponent(a.agencyId)}`}>{a.agencyName}</Link>
                </td>
                <td>{stateName(a.state)}</td>
                <td>
                  <ModelAbbr model={a.model} />
                </td>
                <td>
                  <SignedDate agreement={a} />
                </td>
                <td>
                  <StatusBadge status={a.status} />
                </td>
                <td>
                  <DocumentLinks agreement={a} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <nav className="pager" aria-label="Agreements pages">
        <button
          type="button"
          className="button"
          onClick={goPrevious}
          disabled={previous.length === 0 || loading}
        >
          Previous page
        </button>
        <span className="pager-page">Page {page}</span>
        <button type="button" className="button" onClick={goNext} disabled={!shown?.nextCursor || loading}>
          Next page
        </button>
      </nav>
    </div>
  );
}
