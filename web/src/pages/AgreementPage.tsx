/**
 * `/agreements/:moaId`: one MOA, every version side by side, the clause table, and for the program
 * office the forms to amend (a new version) and to terminate.
 */
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { can } from '../access.ts';
import {
  ApiError,
  api,
  type Clause,
  type ClauseEffect,
  DELEGATED_ACTIONS,
  type Facility,
  type HoldRule,
  MODELS,
  type MoaDetail,
  type MoaVersion,
  type Model,
  type User,
} from '../api.ts';
import { SignedIn, useSignOutOnUnauthorized } from '../components/auth.tsx';
import { DateText, ErrorMessage, Loading, ModelAbbr, SuccessMessage } from '../components/common.tsx';
import { DataTable } from '../components/fields.tsx';
import {
  actionLabel,
  CLAUSE_EFFECT_LABELS,
  HOLD_RULE_LABELS,
  MOA_STATUS_LABELS,
  MODEL_NAMES,
  stateName,
  todayUtc,
} from '../format.ts';
import { useApi, useDocumentTitle, useResource } from '../hooks.ts';
import { Link } from '../router.tsx';

export function AgreementPage({ moaId }: { moaId: string }) {
  return (
    <SignedIn title="Agreement" area="agreements">
      {(user) => <Agreement moaId={moaId} user={user} />}
    </SignedIn>
  );
}

function MoaStatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-moa-${status}`}>{MOA_STATUS_LABELS[status] ?? status}</span>;
}

function Codes({ values, empty = 'None' }: { values: string[]; empty?: string }) {
  if (values.length === 0) return <span className="muted">{empty}</span>;
  return (
    <ul className="inline-list">
      {values.map((v) => (
        <li key={v}>
          <code>{v}</code>
        </li>
      ))}
    </ul>
  );
}

function FacilityList({ codes, facilities }: { codes: string[]; facilities: Facility[] }) {
  if (codes.length === 0) return <span className="muted">None</span>;
  return (
    <ul className="plain-list compact-list">
      {codes.map((code) => {
        const f = facilities.find((x) => x.code === code);
        return (
          <li key={code}>
            <code>{code}</code>
            {f ? ` ${f.name}` : null}
          </li>
        );
      })}
    </ul>
  );
}

function Agreement({ moaId, user }: { moaId: string; user: User }) {
  const moa = useResource((signal) => api.moa(moaId, { signal }), [moaId]);
  const agencyId = moa.data?.agencyId ?? null;
  const agency = useApi((signal) => api.moas({ agencyId }, { signal }), [agencyId], agencyId !== null);
  useSignOutOnUnauthorized(moa.error, agency.error);
  const [message, setMessage] = useState<{ id: number; text: string } | null>(null);
  const summary = agency.data?.items.find((m) => m.moaId === moaId);
  useDocumentTitle(moa.data ? moa.data.title : 'Agreement');

  const done = (text: string) => {
    setMessage({ id: Date.now(), text });
    moa.reload();
  };

  if (!moa.data) {
    return (
      <>
        <p className="breadcrumb">
          <Link to="/agreements">Agreements</Link> <span aria-hidden="true">›</span> Agreement
        </p>
        <h1>Agreement</h1>
        {moa.status === 'error' && moa.error ? (
          <ErrorMessage error={moa.error} context="Agreement" />
        ) : (
          <Loading label="Loading agreement…" />
        )}
      </>
    );
  }

  const data = moa.data;
  const current = data.versions.at(-1);
  const manage = can(user.role, 'administer') && current?.status === 'active';

  return (
    <>
      <p className="breadcrumb">
        <Link to="/agreements">Agreements</Link> <span aria-hidden="true">›</span> Agreement
      </p>
      <h1 data-testid="moa-title">{data.title}</h1>
      <dl className="facts">
        <div>
          <dt>Agency</dt>
          <dd>
            <Link to={`/agencies/${encodeURIComponent(data.agencyId)}`}>
              {summary ? summary.agencyName : 'Agency record'}
            </Link>
            {summary ? `, ${stateName(summary.state)}` : null}
          </dd>
        </div>
        {current ? (
          <div>
            <dt>Current version</dt>
            <dd>
              Version {current.version} <MoaStatusBadge status={current.statusNow} />
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Agreement identifier</dt>
          <dd>
            <code>{data.moaId}</code>
          </dd>
        </div>
      </dl>

      {message ? <SuccessMessage key={message.id}>{message.text}</SuccessMessage> : null}
      {moa.status === 'error' && moa.error ? <ErrorMessage error={moa.error} context="Reload" /> : null}

      <VersionsTable moa={data} />
      <ClausesSection moa={data} />

      {manage && current ? (
        <section className="section" aria-labelledby="moa-manage-heading">
          <h2 id="moa-manage-heading">Change the agreement</h2>
          <p className="section-note">
            Both changes take effect the moment they are recorded. Officers authorized under version{' '}
            {current.version} stop being authorized at that instant.
          </p>
          <AmendForm moa={data} current={current} onDone={done} />
          <TerminateForm moaId={data.moaId} current={current} onDone={done} />
        </section>
      ) : null}
    </>
  );
}

function VersionsTable({ moa }: { moa: MoaDetail }) {
  const versions = moa.versions;
  const rows: { label: string; cell: (v: MoaVersion) => ReactNode }[] = [
    { label: 'Status now', cell: (v) => <MoaStatusBadge status={v.statusNow} /> },
    { label: 'Signed', cell: (v) => <DateText value={v.signedOn} /> },
    { label: 'Effective', cell: (v) => <DateText value={v.effective} /> },
    {
      label: 'End date',
      cell: (v) => (v.endDate ? <DateText value={v.endDate} /> : <span className="muted">No end date</span>),
    },
    {
      label: 'Ended',
      cell: (v) => (v.endedAt ? <DateText value={v.endedAt} /> : <span className="muted">—</span>),
    },
    {
      label: 'Models',
      cell: (v) => (
        <ul className="inline-list">
          {v.models.map((m) => (
            <li key={m}>
              <ModelAbbr model={m} />
            </li>
          ))}
        </ul>
      ),
    },
    { label: 'Refresher cadence', cell: (v) => `${v.refresherCadenceDays} days` },
    { label: 'Hold rule', cell: (v) => HOLD_RULE_LABELS[v.holdRule] ?? v.holdRule },
    {
      label: 'State-law overlay',
      cell: (v) =>
        v.civilHoldsForbidden
          ? 'No holds on civil detainers or administrative warrants'
          : 'None: holds follow the hold rule',
    },
    {
      label: 'Listed facilities (JEM, WSO)',
      cell: (v) => <FacilityList codes={v.facilityCodes} facilities={moa.facilities} />,
    },
    { label: 'Area of responsibility (TFM)', cell: (v) => <Codes values={v.areaJurisdictions} /> },
    { label: 'IGSA facilities', cell: (v) => <Codes values={v.igsaFacilityCodes} /> },
    {
      label: 'Narrowed actions',
      cell: (v) =>
        v.narrowedActions.length === 0 ? (
          <span className="muted">None: the model’s default powers</span>
        ) : (
          <ul className="plain-list compact-list">
            {v.narrowedActions.map((a) => (
              <li key={a}>{actionLabel(a)}</li>
            ))}
          </ul>
        ),
    },
    { label: 'Clauses', cell: (v) => `${v.clauses.length}` },
  ];
  return (
    <section className="section" aria-labelledby="moa-versions-heading">
      <h2 id="moa-versions-heading">Versions</h2>
      <p className="section-note">
        Each amendment is a new version that supersedes the one before; earlier versions stay on record.
      </p>
      <div className="table-scroll">
        <table className="data-table terms-table" data-testid="moa-versions">
          <caption className="visually-hidden">Terms of each version of the agreement</caption>
          <thead>
            <tr>
              <th scope="col">Term</th>
              {versions.map((v) => (
                <th scope="col" key={v.version}>
                  Version {v.version}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                {versions.map((v) => (
                  <td key={v.version}>{row.cell(v)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ClausesSection({ moa }: { moa: MoaDetail }) {
  const selectId = useId();
  const latest = moa.versions.at(-1)?.version ?? 1;
  const [picked, setPicked] = useState<number | null>(null);
  const shown = moa.versions.find((v) => v.version === (picked ?? latest)) ?? moa.versions.at(-1);
  if (!shown) return null;
  return (
    <section className="section" aria-labelledby="moa-clauses-heading">
      <h2 id="moa-clauses-heading">Clause table</h2>
      <p className="section-note">
        Clause ids are stable: the authority engine cites them when it allows or refuses a delegated action.
      </p>
      {moa.versions.length > 1 ? (
        <div className="field field-inline">
          <label htmlFor={selectId}>Version</label>
          <select id={selectId} value={shown.version} onChange={(e) => setPicked(Number(e.target.value))}>
            {moa.versions.map((v) => (
              <option key={v.version} value={v.version}>
                Version {v.version} ({MOA_STATUS_LABELS[v.statusNow] ?? v.statusNow})
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {shown.clauses.length === 0 ? (
        <p className="muted" data-testid="moa-clauses">
          Version {shown.version} records no clauses.
        </p>
      ) : (
        <DataTable
          testId="moa-clauses"
          caption={<>Clauses of version {shown.version}</>}
          columns={['Clause', 'Summary', 'Action', 'Effect']}
        >
          {shown.clauses.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                <code>{c.id}</code>
              </th>
              <td>{c.summary}</td>
              <td>{c.action ? actionLabel(c.action) : <span className="muted">—</span>}</td>
              <td>
                <span className={`badge badge-effect-${c.effect}`}>
                  {CLAUSE_EFFECT_LABELS[c.effect] ?? c.effect}
                </span>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

const toggle = <T,>(list: T[], value: T, on: boolean) =>
  on ? (list.includes(value) ? list : [...list, value]) : list.filter((x) => x !== value);

function toError(cause: unknown, title: string): ApiError {
  return cause instanceof ApiError ? cause : new ApiError(0, { title, detail: String(cause) });
}

function AmendForm({
  moa,
  current,
  onDone,
}: {
  moa: MoaDetail;
  current: MoaVersion;
  onDone: (message: string) => void;
}) {
  const id = useId();
  const [models, setModels] = useState<Model[]>(current.models);
  const [signedOn, setSignedOn] = useState('');
  const [effective, setEffective] = useState(todayUtc());
  const [endDate, setEndDate] = useState(current.endDate ?? '');
  const [cadence, setCadence] = useState(String(current.refresherCadenceDays));
  const [holdRule, setHoldRule] = useState<HoldRule>(current.holdRule);
  const [civilHoldsForbidden, setCivilHoldsForbidden] = useState(current.civilHoldsForbidden);
  const [facilityCodes, setFacilityCodes] = useState<string[]>(current.facilityCodes);
  const [area, setArea] = useState(current.areaJurisdictions.join('\n'));
  const [igsa, setIgsa] = useState<string[]>(current.igsaFacilityCodes);
  const [narrowed, setNarrowed] = useState<string[]>(current.narrowedActions);
  const [clauses, setClauses] = useState<Clause[]>(current.clauses);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const setClause = (index: number, patch: Partial<Clause>) =>
    setClauses((list) => list.map((c, i) => (i === index ? { ...c, ...patch } : c)));

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      const result = await api.amendMoa(moa.moaId, {
        models,
        signedOn: signedOn || null,
        effective,
        endDate: endDate || null,
        refresherCadenceDays: Number(cadence),
        holdRule,
        civilHoldsForbidden,
        facilityCodes,
        areaJurisdictions: area
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean),
        igsaFacilityCodes: igsa.filter((c) => facilityCodes.includes(c)),
        narrowedActions: narrowed,
        clauses: clauses.map((c) => ({ ...c, id: c.id.trim(), summary: c.summary.trim() })),
      });
      onDone(
        `Version ${result.version} is recorded and in force. Version ${current.version} is superseded; every authorization under it has ended.`,
      );
    } catch (cause) {
      setError(toError(cause, 'The amendment was not recorded'));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <details className="action-panel">
      <summary className="action-summary">Amend: record version {current.version + 1}</summary>
      <form className="form" onSubmit={onSubmit} aria-describedby={`${id}-note`}>
        <p id={`${id}-note`} className="form-note">
          The new version supersedes version {current.version} as soon as it is recorded. Every authorization
          under version {current.version} ends at once; officers must be authorized again under the new
          version.
        </p>
        {error ? <ErrorMessage error={error} /> : null}
        <fieldset className="choice-group">
          <legend>Models</legend>
          {MODELS.map((m) => (
            <label key={m} className="choice">
              <input
                type="checkbox"
                checked={models.includes(m)}
                onChange={(e) => setModels((list) => toggle(list, m, e.target.checked))}
              />
              {MODEL_NAMES[m]} ({m})
            </label>
          ))}
        </fieldset>
        <div className="form-row">
          <div className="field">
            <label htmlFor={`${id}-signed`}>Signed on (optional)</label>
            <input
              id={`${id}-signed`}
              type="date"
              value={signedOn}
              onChange={(e) => setSignedOn(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-effective`}>Effective</label>
            <input
              id={`${id}-effective`}
              type="date"
              required
              value={effective}
              onChange={(e) => setEffective(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-end`}>End date (optional)</label>
            <input
              id={`${id}-end`}
              type="date"
              value={endDate}
              onChange={(e) => setEndDate(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-cadence`}>Refresher cadence (days)</label>
            <input
              id={`${id}-cadence`}
              type="number"
              min={1}
              max={3650}
              required
              value={cadence}
              onChange={(e) => setCadence(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-hold`}>Hold rule</label>
            <select
              id={`${id}-hold`}
              value={holdRule}
              onChange={(e) => setHoldRule(e.target.value as HoldRule)}
            >
              {Object.entries(HOLD_RULE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <label className="choice">
          <input
            type="checkbox"
            checked={civilHoldsForbidden}
            onChange={(e) => setCivilHoldsForbidden(e.target.checked)}
          />
          State-law overlay: no holds on civil detainers or administrative warrants
        </label>
        <fieldset className="choice-group">
          <legend>Listed facilities (JEM, WSO)</legend>
          {moa.facilities.length === 0 ? (
            <p className="muted">The agency has no facilities on record.</p>
          ) : null}
          {moa.facilities.map((f) => (
            <label key={f.code} className="choice">
              <input
                type="checkbox"
                checked={facilityCodes.includes(f.code)}
                onChange={(e) => setFacilityCodes((list) => toggle(list, f.code, e.target.checked))}
              />
              <code>{f.code}</code> {f.name}
            </label>
          ))}
        </fieldset>
        <fieldset className="choice-group">
          <legend>IGSA facilities</legend>
          {moa.facilities.map((f) => (
            <label key={f.code} className="choice">
              <input
                type="checkbox"
                checked={igsa.includes(f.code)}
                disabled={!facilityCodes.includes(f.code)}
                onChange={(e) => setIgsa((list) => toggle(list, f.code, e.target.checked))}
              />
              <code>{f.code}</code> {f.name}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-area`}>Area of responsibility (TFM): one jurisdiction per line</label>
          <textarea id={`${id}-area`} rows={3} value={area} onChange={(e) => setArea(e.target.value)} />
        </div>
        <fieldset className="choice-group choice-columns">
          <legend>Narrowed actions: delegated actions this version withholds</legend>
          {DELEGATED_ACTIONS.map((a) => (
            <label key={a} className="choice">
              <input
                type="checkbox"
                checked={narrowed.includes(a)}
                onChange={(e) => setNarrowed((list) => toggle(list, a, e.target.checked))}
              />
              {actionLabel(a)}
            </label>
          ))}
        </fieldset>
        <fieldset className="clause-editor">
          <legend>Clause table</legend>
          {clauses.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; ids may be blank or repeated while typing.
            <fieldset key={i} className="clause-row">
              <legend>Clause {i + 1}</legend>
              <div className="field">
                <label htmlFor={`${id}-clause-${i}-id`}>Clause id</label>
                <input
                  id={`${id}-clause-${i}-id`}
                  type="text"
                  required
                  value={c.id}
                  onChange={(e) => setClause(i, { id: e.target.value })}
                />
              </div>
              <div className="field field-grow">
                <label htmlFor={`${id}-clause-${i}-summary`}>Summary</label>
                <input
                  id={`${id}-clause-${i}-summary`}
                  type="text"
                  required
                  value={c.summary}
                  onChange={(e) => setClause(i, { summary: e.target.value })}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-clause-${i}-action`}>Action</label>
                <select
                  id={`${id}-clause-${i}-action`}
                  value={c.action ?? ''}
                  onChange={(e) => setClause(i, { action: e.target.value || null })}
                >
                  <option value="">None</option>
                  {DELEGATED_ACTIONS.map((a) => (
                    <option key={a} value={a}>
                      {a}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${id}-clause-${i}-effect`}>Effect</label>
                <select
                  id={`${id}-clause-${i}-effect`}
                  value={c.effect}
                  onChange={(e) => setClause(i, { effect: e.target.value as ClauseEffect })}
                >
                  {Object.entries(CLAUSE_EFFECT_LABELS).map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
              </div>
              <button
                type="button"
                className="button button-secondary"
                onClick={() => setClauses((list) => list.filter((_, j) => j !== i))}
              >
                Remove clause {i + 1}
              </button>
            </fieldset>
          ))}
          <button
            type="button"
            className="button button-secondary"
            onClick={() =>
              setClauses((list) => [...list, { id: '', summary: '', action: null, effect: 'grants' }])
            }
          >
            Add a clause
          </button>
        </fieldset>
        <button type="submit" className="button button-primary" disabled={submitting || models.length === 0}>
          {submitting ? 'Recording…' : `Record version ${current.version + 1}`}
        </button>
      </form>
    </details>
  );
}

function TerminateForm({
  moaId,
  current,
  onDone,
}: {
  moaId: string;
  current: MoaVersion;
  onDone: (message: string) => void;
}) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const review = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!reason.trim()) return;
    setError(null);
    setConfirming(true);
  };

  const back = () => {
    setConfirming(false);
    window.setTimeout(() => reasonRef.current?.focus(), 0);
  };

  const terminate = async () => {
    setSubmitting(true);
    setError(null);
    try {
      const result = await api.terminateMoa(moaId, reason.trim());
      setConfirming(false);
      onDone(
        `The agreement was terminated at ${result.terminatedAt.slice(0, 16).replace('T', ' ')} UTC. Every authorization under version ${current.version} has ended.`,
      );
    } catch (cause) {
      setError(toError(cause, 'The agreement was not terminated'));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <details className="action-panel action-panel-danger">
      <summary className="action-summary">Terminate the agreement</summary>
      {!confirming ? (
        <form className="form" onSubmit={review}>
          {error ? <ErrorMessage error={error} /> : null}
          <div className="field">
            <label htmlFor={`${id}-reason`}>Reason for the termination</label>
            <textarea
              id={`${id}-reason`}
              ref={reasonRef}
              rows={3}
              required
              maxLength={1000}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          <button type="submit" className="button button-secondary" disabled={!reason.trim()}>
            Review the termination
          </button>
        </form>
      ) : (
        <div className="confirm" data-testid="moa-terminate-confirm">
          <h3 tabIndex={-1} ref={confirmRef}>
            Confirm the termination
          </h3>
          <p>
            Terminating ends version {current.version} now.{' '}
            <strong>Every authorization under version {current.version} ends at once</strong>, and no officer
            may act under 8 U.S.C. §1357(g) on this agreement from that moment. This cannot be undone; a new
            agreement would have to be recorded.
          </p>
          <p>
            Reason given: <q>{reason.trim()}</q>
          </p>
          {error ? <ErrorMessage error={error} /> : null}
          <div className="button-row">
            <button type="button" className="button button-danger" onClick={terminate} disabled={submitting}>
              {submitting ? 'Terminating…' : 'Terminate the agreement now'}
            </button>
            <button type="button" className="button button-secondary" onClick={back} disabled={submitting}>
              Go back
            </button>
          </div>
        </div>
      )}
    </details>
  );
}
