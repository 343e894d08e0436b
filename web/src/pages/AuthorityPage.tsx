/**
 * `/officers/:officerId/authority`: "What may this officer do, here, now, and why": every delegated
 * action decided by the authority engine for a place (facility code or jurisdiction) at this moment,
 * with the rule ids, the citations and the reasons in plain language.
 */
import { type FormEvent, useId, useState } from 'react';
import { api, type User } from '../api.ts';
import { SignedIn, useSignOutOnUnauthorized } from '../components/auth.tsx';
import { ErrorMessage, Loading, ModelAbbr } from '../components/common.tsx';
import { DataTable } from '../components/fields.tsx';
import { actionLabel, formatTimestamp, MODEL_NAMES } from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { Link, navigate, useSearchParams } from '../router.tsx';
import { StageBadge } from './OfficersPage.tsx';

const TITLE = 'What may this officer do, here, now, and why';

export function AuthorityPage({ officerId }: { officerId: string }) {
  useDocumentTitle('Officer authority');
  return (
    <SignedIn title={TITLE} area="officers">
      {(user) => <Authority officerId={officerId} user={user} />}
    </SignedIn>
  );
}

function Authority({ officerId }: { officerId: string; user: User }) {
  const id = useId();
  const params = useSearchParams();
  const facility = params.get('facility')?.trim() || null;
  const jurisdiction = params.get('jurisdiction')?.trim() || null;
  const [facilityInput, setFacilityInput] = useState(facility ?? '');
  const [jurisdictionInput, setJurisdictionInput] = useState(jurisdiction ?? '');

  // The officer's record and agreement, for the page heading and to suggest the listed places.
  const record = useApi((signal) => api.officer(officerId, { signal }), [officerId]);
  const moaId = record.data?.authorization?.moaId ?? null;
  const moa = useApi((signal) => api.moa(moaId!, { signal }), [moaId], moaId !== null);
  const authority = useApi(
    (signal) => api.authority(officerId, { facility, jurisdiction }, { signal }),
    [officerId, facility, jurisdiction],
  );
  useSignOutOnUnauthorized(record.error, moa.error, authority.error);

  const version = moa.data?.versions.find((v) => v.version === record.data?.authorization?.moaVersion);
  const facilities = moa.data?.facilities ?? [];
  const jurisdictions = [
    ...new Set([
      ...(version?.areaJurisdictions ?? []),
      ...facilities.map((f) => f.jurisdiction).filter((j): j is string => Boolean(j)),
    ]),
  ];

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const search = new URLSearchParams();
    if (facilityInput.trim()) search.set('facility', facilityInput.trim());
    if (jurisdictionInput.trim()) search.set('jurisdiction', jurisdictionInput.trim());
    const query = search.toString();
    navigate(`/officers/${encodeURIComponent(officerId)}/authority${query ? `?${query}` : ''}`, {
      replace: true,
    });
  };

  const name = authority.data?.officer.displayName ?? record.data?.officer.displayName;
  const model = authority.data?.officer.model ?? record.data?.officer.model ?? null;
  const stage = authority.data?.officer.stage ?? record.data?.officer.effectiveStage;
  const decisions = authority.data?.decisions ?? [];
  const allowed = decisions.filter((d) => d.decision === 'allow').length;
  const place = authority.data?.place;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/officers">Officers</Link> <span aria-hidden="true">›</span>{' '}
        <Link to={`/officers/${encodeURIComponent(officerId)}`}>{name ?? 'Officer'}</Link>{' '}
        <span aria-hidden="true">›</span> Authority
      </p>
      <div className="page-head">
        <h1>{TITLE}</h1>
        <p className="lede">
          Each delegated action as the authority engine decides it for this officer at this moment, at the
          place given: allowed or denied, the rules that decided it, the MOA clauses and legal provisions they
          enforce, and the reasons in plain language.
        </p>
        {name ? (
          <dl className="facts">
            <div>
              <dt>Officer</dt>
              <dd data-testid="authority-officer">{name}</dd>
            </div>
            {model ? (
              <div>
                <dt>Model</dt>
                <dd>
                  {MODEL_NAMES[model]} (<ModelAbbr model={model} />)
                </dd>
              </div>
            ) : null}
            {stage ? (
              <div>
                <dt>Stage</dt>
                <dd>
                  <StageBadge stage={stage} />
                </dd>
              </div>
            ) : null}
          </dl>
        ) : null}
      </div>

      <form className="filters" aria-label="Place of the action" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor={`${id}-facility`}>Facility code</label>
          <input
            id={`${id}-facility`}
            type="text"
            list={`${id}-facilities`}
            autoComplete="off"
            spellCheck={false}
            maxLength={32}
            value={facilityInput}
            onChange={(e) => setFacilityInput(e.target.value)}
          />
          <datalist id={`${id}-facilities`}>
            {facilities.map((f) => (
              <option key={f.code} value={f.code}>
                {f.name}
              </option>
            ))}
          </datalist>
        </div>
        <div className="field field-grow">
          <label htmlFor={`${id}-jurisdiction`}>Jurisdiction</label>
          <input
            id={`${id}-jurisdiction`}
            type="text"
            list={`${id}-jurisdictions`}
            autoComplete="off"
            maxLength={120}
            value={jurisdictionInput}
            onChange={(e) => setJurisdictionInput(e.target.value)}
          />
          <datalist id={`${id}-jurisdictions`}>
            {jurisdictions.map((j) => (
              <option key={j} value={j} />
            ))}
          </datalist>
        </div>
        <div className="field field-action">
          <button type="submit" className="button button-primary">
            Decide for this place
          </button>
        </div>
      </form>

      {authority.status === 'loading' ? <Loading label="Asking the authority engine…" /> : null}
      {authority.status === 'error' ? <ErrorMessage error={authority.error} context="Authority" /> : null}
      {authority.status === 'success' ? (
        <section aria-labelledby="decisions-heading">
          <h2 id="decisions-heading">Decisions</h2>
          <p className="table-status" role="status">
            Decided {formatTimestamp(authority.data.at)} for{' '}
            {place?.facility || place?.jurisdiction
              ? [
                  place.facility ? `facility ${place.facility}` : null,
                  place.jurisdiction ? `jurisdiction ${place.jurisdiction}` : null,
                ]
                  .filter(Boolean)
                  .join(', ')
              : 'no place given'}
            : {allowed} of {decisions.length} actions allowed.
          </p>
          <DataTable
            testId="officer-authority"
            caption="Delegated actions, allowed or denied, with rules, citations and reasons"
            className="authority-table"
            columns={['Action', 'Decision', 'Rules', 'Citations', 'Why']}
          >
            {decisions.map((d) => (
              <tr key={d.action} data-action={d.action} data-decision={d.decision}>
                <th scope="row">
                  {actionLabel(d.action)}
                  <br />
                  <code className="small">{d.action}</code>
                </th>
                <td>
                  <span className={`badge badge-decision-${d.decision}`}>
                    {d.decision === 'allow' ? 'Allowed' : 'Denied'}
                  </span>
                </td>
                <td>
                  {d.ruleIds.length === 0 ? (
                    <span className="muted">—</span>
                  ) : (
                    <ul className="plain-list compact-list unbulleted">
                      {d.ruleIds.map((r) => (
                        <li key={r}>
                          <code>{r}</code>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  {d.citations.length === 0 ? (
                    <span className="muted">—</span>
                  ) : (
                    <ul className="plain-list compact-list unbulleted">
                      {d.citations.map((c) => (
                        <li key={c}>{c}</li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  {d.reasons.length === 0 ? (
                    <span className="muted">—</span>
                  ) : (
                    <ul className="plain-list compact-list unbulleted">
                      {d.reasons.map((r) => (
                        <li key={r}>{r}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        </section>
      ) : null}
    </>
  );
}
