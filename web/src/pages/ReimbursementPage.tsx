/**
 * `/reimbursement`: TFM reimbursement for a quarter (`?quarter=YYYY-Qn`, default this quarter).
 * The agency's coordinator sees the agency's statement; the program office and inspectors pick
 * an agency from the overview (`?agencyId=`). The statement shows, per officer, the accepted
 * claims by kind, the overtime and equipment caps as used, the ICE-identified leads, the
 * located rate, the tier and the award, then the agency's totals and the inputs the figures are
 * computed from. The coordinator (and the program office) record claims; a claim the terms
 * refuse is stored as refused and its reason shown. ICE records lead outcomes. Money is
 * integer cents from the server and is shown as dollars; amounts typed in dollars are turned
 * into cents by string arithmetic, never through floating point.
 */
import { type FormEvent, useId, useState } from 'react';
import { isIceRole } from '../access.ts';
import {
  ApiError,
  api,
  CLAIM_KINDS,
  type ClaimKind,
  type LeadOutcome,
  type Officer,
  type ReimbursementStatement,
  reimbursementApi,
  type User,
} from '../api.ts';
import { SignedIn, useSignOutOnUnauthorized } from '../components/auth.tsx';
import { ErrorMessage, Loading, SuccessMessage } from '../components/common.tsx';
import {
  DataTable,
  DateField,
  Fact,
  InputField,
  Radio,
  SelectField,
  TextAreaField,
} from '../components/fields.tsx';
import { stageLabel } from '../format.ts';
import { useApi, useDocumentTitle, useResource } from '../hooks.ts';
import { Link, navigate, useSearchParams } from '../router.tsx';

/** The first quarter under the TFM reimbursement terms (in force since 2025-10-01). */
const FIRST_QUARTER = '2025-Q4';
const TRAINED_STAGES = ['certified', 'authorized', 'suspended'];
const STATEMENT_ROLES = ['lea_admin', 'program_office', 'inspector'];
const CLAIM_ROLES = ['lea_admin', 'program_office'];
const LEAD_ROLES = ['ice_supervisor', 'program_office'];

const KIND_LABELS: Record<ClaimKind, string> = {
  salary_benefits: 'Salary and benefits',
  overtime: 'Overtime',
  equipment: 'Equipment',
  vehicle: 'Vehicle',
};

// ---- money and quarters (pure) ------------------------------------------------------------

/** `1234567` → `$12,345.67`. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(cents));
  const dollars = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

/** `9000` → `90.00 %`; null → `—`. */
export function formatRate(bp: number | null): string {
  if (bp === null) return '—';
  return `${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, '0')} %`;
}

/** `"$1,234.5"` → `123450` cents, exactly; null when it is not an amount of dollars and cents. */
export function parseDollars(text: string): number | null {
  const m = /^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const dollars = m[1]!.replaceAll(',', '');
  const cents = (m[2] ?? '').padEnd(2, '0');
  const value = Number(`${dollars}${cents}`);
  return Number.isSafeInteger(value) ? value : null;
}

/** Quarters from the first under the terms to the one containing `today` (YYYY-MM-DD), newest first. */
export function quartersUpTo(today: string): string[] {
  const year = Number(today.slice(0, 4));
  const quarter = Math.ceil(Number(today.slice(5, 7)) / 3);
  const out: string[] = [];
  for (let index = year * 4 + quarter - 1; ; index--) {
    const q = `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
    out.push(q);
    if (q === FIRST_QUARTER || index < 2025 * 4) break;
  }
  return out;
}

const todayUtc = () => new Date().toISOString().slice(0, 10);

// ---- the page -----------------------------------------------------------------------------

export function ReimbursementPage() {
  useDocumentTitle('TFM reimbursement');
  return (
    <SignedIn title="TFM reimbursement" area="reimbursement">
      {(user) => <Reimbursement user={user} />}
    </SignedIn>
  );
}

function Reimbursement({ user }: { user: User }) {
  const params = useSearchParams();
  const recent = quartersUpTo(todayUtc());
  const asked = params.get('quarter');
  const quarter = asked && /^\d{4}-Q[1-4]$/.test(asked) ? asked : recent[0]!;
  // A quarter named in the address is offered even when this browser's clock is behind the server's.
  const quarters = recent.includes(quarter) ? recent : [quarter, ...recent];
  const chosenAgency = params.get('agencyId');
  const agencyId = isIceRole(user.role) ? chosenAgency : user.agencyId;
  const readsStatements = STATEMENT_ROLES.includes(user.role);
  const quarterId = useId();
  const [flash, setFlash] = useState<string | null>(null);

  const go = (next: { quarter?: string; agencyId?: string | null }) => {
    const q = new URLSearchParams();
    q.set('quarter', next.quarter ?? quarter);
    const a = next.agencyId === undefined ? chosenAgency : next.agencyId;
    if (a && isIceRole(user.role)) q.set('agencyId', a);
    navigate(`/reimbursement?${q.toString()}`, { replace: true });
  };

  const statement = useResource(
    (signal) => reimbursementApi.statement(agencyId!, { quarter }, { signal }),
    [agencyId, quarter],
    readsStatements && agencyId !== null,
  );
  useSignOutOnUnauthorized(statement.error);
  const done = (message: string) => {
    setFlash(message);
    statement.reload();
  };

  return (
    <>
      <div className="page-head">
        <h1>TFM reimbursement</h1>
        <p className="lede">
          Reimbursement of trained Task Force Model officers under the terms in force since 2025-10-01: salary
          and benefits, overtime up to 25 % of annual salary, equipment up to $7,500 per officer, vehicles up
          to $100,000 per agency, and the quarterly award from the located rate of ICE-identified leads.
        </p>
      </div>
      <form className="filters" aria-label="Choose the quarter" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={quarterId}>Quarter</label>
          <select
            id={quarterId}
            value={quarter}
            data-testid="quarter-select"
            onChange={(e) => go({ quarter: e.target.value })}
          >
            {quarters.map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </select>
        </div>
      </form>
      {flash ? <SuccessMessage testId="reimbursement-flash">{flash}</SuccessMessage> : null}

      {readsStatements && isIceRole(user.role) ? (
        <Overview quarter={quarter} selected={agencyId} onSelect={(id) => go({ agencyId: id })} />
      ) : null}

      {readsStatements && agencyId ? (
        statement.status === 'error' && statement.error ? (
          <ErrorMessage error={statement.error} context="Statement" />
        ) : !statement.data ? (
          <Loading label="Loading the statement…" />
        ) : (
          <Statement statement={statement.data} />
        )
      ) : null}

      {CLAIM_ROLES.includes(user.role) && agencyId && statement.data ? (
        <ClaimForm statement={statement.data} quarter={quarter} onDone={done} />
      ) : null}
      {LEAD_ROLES.includes(user.role) ? <LeadForm agencyId={agencyId} onDone={done} /> : null}
    </>
  );
}

function Overview({
  quarter,
  selected,
  onSelect,
}: {
  quarter: string;
  selected: string | null;
  onSelect: (agencyId: string) => void;
}) {
  const list = useApi((signal) => reimbursementApi.statements({ quarter }, { signal }), [quarter]);
  useSignOutOnUnauthorized(list.error);
  if (list.status === 'error') return <ErrorMessage error={list.error} context="Agencies" />;
  if (list.status === 'loading') return <Loading label="Loading agencies…" />;
  if (list.data.items.length === 0)
    return (
      <p className="muted" data-testid="reimbursement-overview">
        No agency has Task Force Model officers, claims or leads in {quarter}.
      </p>
    );
  return (
    <section aria-labelledby="overview-heading">
      <h2 id="overview-heading">Agencies in {quarter}</h2>
      <DataTable
        testId="reimbursement-overview"
        caption={`Reimbursement by agency, ${quarter}`}
        columns={[
          'Agency',
          { label: 'Trained officers', className: 'num' },
          { label: 'Accepted claims', className: 'num' },
          { label: 'Refused claims', className: 'num' },
          { label: 'Leads', className: 'num' },
          { label: 'Located', className: 'num' },
          { label: 'Award', className: 'num' },
          { label: 'Total', className: 'num' },
        ]}
      >
        {list.data.items.map((a) => (
          <tr key={a.agencyId} aria-current={a.agencyId === selected ? 'true' : undefined}>
            <th scope="row">
              <Link
                to={`/reimbursement?quarter=${encodeURIComponent(quarter)}&agencyId=${encodeURIComponent(a.agencyId)}`}
                onClick={(e) => {
                  e.preventDefault();
                  onSelect(a.agencyId);
                }}
              >
                {a.agencyName}
              </Link>
            </th>
            <td className="num">{a.trainedOfficers}</td>
            <td className="num">{formatCents(a.acceptedClaimsCents)}</td>
            <td className="num">{a.refusedClaims}</td>
            <td className="num">{a.leads}</td>
            <td className="num">{formatRate(a.locatedBasisPoints)}</td>
            <td className="num">{formatCents(a.awardCents)}</td>
            <td className="num">{formatCents(a.totalCents)}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

function Statement({ statement: s }: { statement: ReimbursementStatement }) {
  const names = new Map(s.officers.map((o) => [o.officerId, o.displayName]));
  return (
    <section aria-labelledby="statement-heading" data-testid="reimbursement-statement">
      <h2 id="statement-heading">
        {s.agencyName}: {s.quarter} ({s.period.from} to {s.period.to})
      </h2>
      <dl className="facts" data-testid="reimbursement-totals">
        <Fact term="Accepted claims">{formatCents(s.totals.acceptedClaimsCents)}</Fact>
        <Fact term="Performance award">{formatCents(s.totals.awardCents)}</Fact>
        <Fact term="Total">{formatCents(s.totals.totalCents)}</Fact>
        <Fact term="Refused claims">{s.totals.refusedClaims}</Fact>
        <Fact term="Leads located">
          {s.award.located} of {s.award.leads} ({formatRate(s.award.locatedBasisPoints)})
        </Fact>
        <Fact term="Award tier">{s.award.tier ?? 'Below 70 %: no award'}</Fact>
        <Fact term="Vehicles (agency)">
          {formatCents(s.vehicles.claimedCents)} this quarter; {formatCents(s.vehicles.usedCents)} of{' '}
          {formatCents(s.vehicles.capCents)} used
        </Fact>
        <Fact term="Terms">
          {s.termsVersion}, fiscal year {s.fiscalYear}
        </Fact>
      </dl>

      {s.officers.length === 0 ? (
        <p className="muted">No trained Task Force Model officer, claim or lead in this quarter.</p>
      ) : (
        <DataTable
          testId="reimbursement-officers"
          caption={`Claims, caps and awards per officer, ${s.quarter}`}
          columns={[
            'Officer',
            { label: 'Salary and benefits', className: 'num' },
            { label: 'Overtime (used of cap, fiscal year)', className: 'num' },
            { label: 'Equipment (used of cap)', className: 'num' },
            { label: 'Leads located', className: 'num' },
            'Tier',
            { label: 'Award', className: 'num' },
            { label: 'Total', className: 'num' },
          ]}
        >
          {s.officers.map((o) => (
            <tr key={o.officerId} data-officer-id={o.officerId}>
              <th scope="row">
                <Link to={`/officers/${encodeURIComponent(o.officerId)}`}>{o.displayName}</Link>
                <span className="muted small block">
                  {stageLabel(o.stage)}
                  {o.trained ? '' : ' · not a trained officer'}
                  {o.refusedClaims ? ` · ${o.refusedClaims} refused` : ''}
                </span>
              </th>
              <td className="num">{formatCents(o.claimedCents.salary_benefits)}</td>
              <td className="num">
                {formatCents(o.claimedCents.overtime)}
                <span className="muted small block">
                  {o.overtime.capCents === null
                    ? `no overtime accepted in FY ${o.overtime.fiscalYear}`
                    : `${formatCents(o.overtime.usedCents)} of ${formatCents(o.overtime.capCents)}, FY ${o.overtime.fiscalYear}`}
                </span>
              </td>
              <td className="num">
                {formatCents(o.claimedCents.equipment)}
                <span className="muted small block">
                  {formatCents(o.equipment.usedCents)} of {formatCents(o.equipment.capCents)}
                </span>
              </td>
              <td className="num">
                {o.located} of {o.leads}
                <span className="muted small block">{formatRate(o.locatedBasisPoints)}</span>
              </td>
              <td>{o.eligible ? (o.tier ?? 'No award') : 'Not eligible'}</td>
              <td className="num">{formatCents(o.awardCents)}</td>
              <td className="num">{formatCents(o.totalCents)}</td>
            </tr>
          ))}
        </DataTable>
      )}

      <h3>Claims in {s.quarter}</h3>
      {s.claims.length === 0 ? (
        <p className="muted">No claim recorded for this quarter.</p>
      ) : (
        <DataTable
          testId="reimbursement-claims"
          caption={`Claims recorded for ${s.quarter}`}
          columns={['Kind', 'Officer', 'Description', { label: 'Amount', className: 'num' }, 'Decision']}
        >
          {s.claims.map((c) => (
            <tr key={c.claimId} data-status={c.status}>
              <td>{KIND_LABELS[c.kind] ?? c.kind}</td>
              <td>{c.officerId ? (names.get(c.officerId) ?? c.officerId) : 'Agency'}</td>
              <td>{c.description}</td>
              <td className="num">{formatCents(c.amountCents)}</td>
              <td>
                {c.status === 'accepted' ? 'Accepted' : 'Refused'}
                {c.refusalReason ? <span className="small block">{c.refusalReason}</span> : null}
              </td>
            </tr>
          ))}
        </DataTable>
      )}

      <details className="reimbursement-inputs" data-testid="reimbursement-inputs">
        <summary>Inputs of this calculation</summary>
        <p>
          Terms {s.inputs.termsVersion}. {s.inputs.leadCount} lead outcomes ({s.inputs.locatedCount} located);{' '}
          {s.inputs.acceptedClaimIds.length} accepted and {s.inputs.refusedClaimIds.length} refused claims.
          The award is paid per eligible officer: {s.terms.award.eligibleOfficer}
        </p>
        <p className="small">Lead ids: {s.inputs.leadIds.join(', ') || 'none'}</p>
        <p className="small">Accepted claim ids: {s.inputs.acceptedClaimIds.join(', ') || 'none'}</p>
      </details>
    </section>
  );
}

function toError(cause: unknown, title: string): ApiError {
  return cause instanceof ApiError ? cause : new ApiError(0, { title, detail: String(cause) });
}

function ClaimForm({
  statement,
  quarter,
  onDone,
}: {
  statement: ReimbursementStatement;
  quarter: string;
  onDone: (message: string) => void;
}) {
  const headingId = useId();
  const officers = statement.officers.filter((o) => o.trained);
  const [kind, setKind] = useState<ClaimKind>('salary_benefits');
  const [officerId, setOfficerId] = useState('');
  const [amount, setAmount] = useState('');
  const [salary, setSalary] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    const amountCents = parseDollars(amount);
    const annualSalaryCents = kind === 'overtime' ? parseDollars(salary) : null;
    if (amountCents === null || amountCents <= 0) {
      setError(new ApiError(400, { title: 'Give the amount in dollars and cents, e.g. 1,250.00.' }));
      return;
    }
    if (kind === 'overtime' && annualSalaryCents === null) {
      setError(
        new ApiError(400, { title: 'Give the officer’s annual salary: the overtime cap is 25 % of it.' }),
      );
      return;
    }
    setSubmitting(true);
    try {
      await reimbursementApi.claim({
        agencyId: statement.agencyId,
        officerId: kind === 'vehicle' ? null : officerId || null,
        quarter,
        kind,
        amountCents,
        annualSalaryCents,
        description,
      });
      setAmount('');
      setDescription('');
      onDone(`${KIND_LABELS[kind]} claim of ${formatCents(amountCents)} accepted for ${quarter}.`);
    } catch (cause) {
      const e = toError(cause, 'The claim was not recorded');
      setError(e);
      // A refused claim is stored as refused: show it in the statement too.
      if (e.status === 409) onDone(`The claim was refused and recorded as refused: ${e.detail ?? e.title}`);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <section className="action-panel action-form" aria-labelledby={headingId} data-testid="claim-form">
      <h2 id={headingId}>Record a claim for {quarter}</h2>
      {error ? <ErrorMessage error={error} context="Claim" /> : null}
      <form className="form-compact" onSubmit={submit} aria-labelledby={headingId}>
        <SelectField label="Kind" value={kind} onChange={(v) => setKind(v as ClaimKind)}>
          {CLAIM_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </SelectField>
        {kind !== 'vehicle' ? (
          <SelectField label="Officer" value={officerId} required onChange={setOfficerId}>
            <option value="">Choose a trained officer</option>
            {officers.map((o) => (
              <option key={o.officerId} value={o.officerId}>
                {o.displayName}
              </option>
            ))}
          </SelectField>
        ) : null}
        <InputField
          label="Amount (dollars)"
          inputMode="decimal"
          required
          value={amount}
          onChange={setAmount}
        />
        {kind === 'overtime' ? (
          <InputField
            label="Officer’s annual salary (dollars)"
            inputMode="decimal"
            required
            value={salary}
            onChange={setSalary}
          />
        ) : null}
        <TextAreaField label="What the claim is for" value={description} onChange={setDescription} />
        <button type="submit" className="button button-primary" disabled={submitting}>
          {submitting ? 'Recording…' : 'Record claim'}
        </button>
      </form>
    </section>
  );
}

function LeadForm({ agencyId, onDone }: { agencyId: string | null; onDone: (message: string) => void }) {
  const headingId = useId();
  const roster = useApi((signal) => api.officers({ agencyId }, { signal }), [agencyId]);
  useSignOutOnUnauthorized(roster.error);
  const officers: Officer[] =
    roster.status === 'success'
      ? roster.data.items.filter((o) => o.model === 'TFM' && TRAINED_STAGES.includes(o.stage))
      : [];
  const [officerId, setOfficerId] = useState('');
  const [assignedOn, setAssignedOn] = useState(todayUtc());
  const [outcome, setOutcome] = useState<LeadOutcome>('located');
  const [error, setError] = useState<ApiError | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    setSubmitting(true);
    try {
      const lead = await reimbursementApi.lead({ officerId, assignedOn, outcome });
      onDone(
        `Lead outcome recorded for ${lead.quarter}: ${outcome === 'located' ? 'located' : 'not located'}.`,
      );
    } catch (cause) {
      setError(toError(cause, 'The lead outcome was not recorded'));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <section className="action-panel action-form" aria-labelledby={headingId} data-testid="lead-form">
      <h2 id={headingId}>Record the outcome of an ICE-identified lead</h2>
      {roster.status === 'error' ? <ErrorMessage error={roster.error} context="Officers" /> : null}
      {error ? <ErrorMessage error={error} context="Lead" /> : null}
      <form className="form-compact" onSubmit={submit} aria-labelledby={headingId}>
        <SelectField label="Officer" value={officerId} required onChange={setOfficerId}>
          <option value="">Choose a trained TFM officer</option>
          {officers.map((o) => (
            <option key={o.officerId} value={o.officerId}>
              {o.displayName}
              {o.badge ? ` (badge ${o.badge})` : ''}
            </option>
          ))}
        </SelectField>
        <DateField label="Lead assigned on" value={assignedOn} max={todayUtc()} onChange={setAssignedOn} />
        <fieldset className="choice-group">
          <legend>Outcome</legend>
          <Radio
            name="lead-outcome"
            value="located"
            checked={outcome === 'located'}
            onSelect={() => setOutcome('located')}
          >
            Located
          </Radio>
          <Radio
            name="lead-outcome"
            value="not_located"
            checked={outcome === 'not_located'}
            onSelect={() => setOutcome('not_located')}
          >
            Not located
          </Radio>
        </fieldset>
        <button type="submit" className="button button-primary" disabled={submitting}>
          {submitting ? 'Recording…' : 'Record outcome'}
        </button>
      </form>
    </section>
  );
}
