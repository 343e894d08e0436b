/** Counts by 287(g) model, the participating total, and the pending list shown apart from them. */
import { type CountTriple, MODELS, type Model, type RegistryCounts } from '../api.ts';
import { MODEL_NAMES } from '../format.ts';

function Figure({ testId, value }: { testId: string; value: number | undefined }) {
  return <span data-testid={testId}>{value === undefined ? '–' : String(value)}</span>;
}

function CountCard({
  id,
  title,
  abbr,
  counts,
  className = '',
}: {
  id: string;
  title: string;
  abbr?: string;
  counts: CountTriple | undefined;
  className?: string;
}) {
  const headingId = `counts-${id}-heading`;
  return (
    <div className={`card count-card ${className}`} data-testid={`counts-${id}`}>
      <h3 id={headingId} className="card-title">
        {title}
        {abbr ? <span className="card-abbr"> ({abbr})</span> : null}
      </h3>
      <p className="count-main">
        <span className="count-number">
          <Figure testId={`counts-${id}-agreements`} value={counts?.agreements} />
        </span>{' '}
        <span className="count-unit">{counts?.agreements === 1 ? 'agreement' : 'agreements'}</span>
      </p>
      <dl className="count-details">
        <div>
          <dt>Agencies</dt>
          <dd>
            <Figure testId={`counts-${id}-agencies`} value={counts?.agencies} />
          </dd>
        </div>
        <div>
          <dt>States</dt>
          <dd>
            <Figure testId={`counts-${id}-states`} value={counts?.states} />
          </dd>
        </div>
      </dl>
    </div>
  );
}

export function SummaryCards({
  participating,
  pending,
}: {
  participating: RegistryCounts | undefined;
  pending: RegistryCounts | undefined;
}) {
  return (
    <div className="summary">
      <div className="summary-grid">
        {MODELS.map((model: Model) => (
          <CountCard
            key={model}
            id={model}
            title={MODEL_NAMES[model]}
            abbr={model}
            counts={participating?.models[model]}
          />
        ))}
        <CountCard
          id="total"
          title="All participating models"
          counts={participating?.total}
          className="count-card-total"
        />
      </div>

      <div className="card pending-card" data-testid="counts-pending">
        <h3 id="counts-pending-heading" className="card-title">
          Pending agencies
        </h3>
        <p className="pending-note">
          Agencies on ICE’s pending list. Pending agencies are not counted as participating above.
        </p>
        <div className="pending-body">
          <p className="count-main">
            <span className="count-number">
              <Figure testId="counts-pending-agencies" value={pending?.total.agencies} />
            </span>{' '}
            <span className="count-unit">
              pending {pending?.total.agencies === 1 ? 'agency' : 'agencies'}
            </span>
          </p>
          <dl className="count-details">
            <div>
              <dt>Pending entries</dt>
              <dd>
                <Figure testId="counts-pending-agreements" value={pending?.total.agreements} />
              </dd>
            </div>
            <div>
              <dt>States</dt>
              <dd>
                <Figure testId="counts-pending-states" value={pending?.total.states} />
              </dd>
            </div>
            {MODELS.map((model) => (
              <div key={model}>
                <dt>
                  <abbr title={MODEL_NAMES[model]}>{model}</abbr>
                </dt>
                <dd>
                  <Figure testId={`counts-pending-${model}`} value={pending?.models[model].agreements} />
                </dd>
              </div>
            ))}
          </dl>
        </div>
        {pending && pending.snapshot === null ? (
          <p className="muted small">No pending list was published on or before {pending.asOf}.</p>
        ) : null}
      </div>
    </div>
  );
}
