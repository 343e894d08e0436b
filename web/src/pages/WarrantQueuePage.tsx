/**
 * `/warrants`: the Warrant Service Officer's queue — only the warrants ICE lodged for people in
 * the agency's WSO facilities, by release time, with ICE's custody clock once a warrant is
 * served. The WSO serves a warrant at release; ICE lodges warrants, assumes custody (I-203) or
 * withdraws them. The server decides every step; refusals are shown with their rule.
 */
import { useState } from 'react';
import {
  type ApiError,
  type User,
  WARRANT_FORMS,
  type WarrantForm,
  type WarrantListItem,
  wsoApi,
} from '../api.ts';
import { SignedIn, useSignOutOnUnauthorized } from '../components/auth.tsx';
import { durationLabel, HOLD_URGENT_HOURS, hoursLabel, StepForm } from '../components/case/shared.tsx';
import { ErrorMessage, Loading, SuccessMessage } from '../components/common.tsx';
import { DataTable, InputField, SelectField } from '../components/fields.tsx';
import { formatTimestamp } from '../format.ts';
import { useApi, useDocumentTitle, useResource } from '../hooks.ts';
import { Link } from '../router.tsx';

export function WarrantQueuePage() {
  useDocumentTitle('Warrants');
  return (
    <SignedIn title="Warrants" area="warrants">
      {(user) => <Warrants user={user} />}
    </SignedIn>
  );
}

/**
 * The signed-in officer's model (null for other roles; `loading` until the server says): a WSO
 * officer is offered the WSO screens only.
 */
export function useOfficerModel(role: string | null): string | null {
  const scope = useApi((signal) => wsoApi.scope({ signal }), [role], role === 'lea_officer');
  if (role !== 'lea_officer') return null;
  if (scope.status === 'success') return scope.data.model;
  return scope.status === 'loading' ? 'loading' : null;
}

/** What the signed-in user is doing to one row (ICE's transfer or withdrawal forms). */
type Pending = { kind: 'transfer' | 'withdraw'; item: WarrantListItem } | null;

function Warrants({ user }: { user: User }) {
  const list = useResource((signal) => wsoApi.warrants({ signal }), []);
  useSignOutOnUnauthorized(list.error);
  const [message, setMessage] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [receivingName, setReceivingName] = useState('');
  const [receivingAddress, setReceivingAddress] = useState('');
  const [reason, setReason] = useState('');
  const ice = user.role === 'ice_supervisor';
  const serves = user.role === 'lea_officer';
  const done = (text: string) => {
    setMessage(text);
    setRefusal(null);
    setPending(null);
    list.reload();
  };

  const serve = async (item: WarrantListItem) => {
    setMessage(null);
    setRefusal(null);
    try {
      await wsoApi.serve(item.caseId);
      done(`Warrant on case ${item.caseNumber} served and the arrest recorded.`);
    } catch (cause) {
      setRefusal(cause as ApiError);
    }
  };

  const items = list.data?.items ?? [];
  return (
    <>
      <div className="page-head">
        <h1>Warrants</h1>
        <p className="lede">
          Warrants (I-200, I-205) ICE lodged for people held in WSO facilities, soonest release first. Serve a
          warrant inside the facility when the person would otherwise be released. ICE then has 48 hours to
          assume custody (none at a facility with an IGSA); the custody cannot be extended.
        </p>
      </div>
      {message ? <SuccessMessage testId="warrants-message">{message}</SuccessMessage> : null}
      {refusal ? (
        <div data-testid="warrants-refusal">
          <ErrorMessage error={refusal} context="Not recorded" />
        </div>
      ) : null}
      {ice ? <LodgeForm onDone={done} /> : null}
      {list.status === 'error' && list.error ? <ErrorMessage error={list.error} context="Warrants" /> : null}
      {!list.data ? (
        list.status === 'loading' ? (
          <Loading label="Loading warrants…" />
        ) : null
      ) : items.length === 0 ? (
        <p className="muted" data-testid="warrants">
          No warrant is lodged.
        </p>
      ) : (
        <DataTable
          testId="warrants"
          caption="Lodged and served warrants, soonest release first"
          columns={[
            'Case',
            'Person',
            'Facility',
            { label: 'To release', className: 'num' },
            'Warrant',
            'Custody clock',
            ...(serves || ice ? ['Action'] : []),
          ]}
        >
          {items.map((item) => (
            <WarrantRow
              key={item.caseId}
              item={item}
              serves={serves}
              ice={ice}
              onServe={() => serve(item)}
              onPending={(kind) => setPending({ kind, item })}
            />
          ))}
        </DataTable>
      )}
      {pending?.kind === 'transfer' ? (
        <StepForm
          key={`t-${pending.item.caseId}`}
          testId="form-transfer"
          title={`ICE assumes custody: case ${pending.item.caseNumber}`}
          note="The I-203 (Order to Detain or Release Alien) is issued to the receiving facility and stored on the case."
          submitLabel="Record the transfer"
          run={async () => {
            await wsoApi.transfer(pending.item.caseId, {
              receivingFacility: { name: receivingName, address: receivingAddress },
            });
            return `ICE assumed custody on case ${pending.item.caseNumber}; the I-203 is on the case.`;
          }}
          onDone={done}
        >
          <InputField
            label="Receiving facility"
            value={receivingName}
            onChange={setReceivingName}
            required
            maxLength={200}
          />
          <InputField
            label="Its address"
            value={receivingAddress}
            onChange={setReceivingAddress}
            required
            maxLength={300}
          />
        </StepForm>
      ) : null}
      {pending?.kind === 'withdraw' ? (
        <StepForm
          key={`w-${pending.item.caseId}`}
          testId="form-withdraw"
          danger
          title={`Withdraw the warrant: case ${pending.item.caseNumber}`}
          submitLabel="Withdraw the warrant"
          run={async () => {
            await wsoApi.withdraw(pending.item.caseId, { reason });
            return `The warrant on case ${pending.item.caseNumber} was withdrawn.`;
          }}
          onDone={done}
        >
          <InputField
            label="Reason"
            value={reason}
            onChange={setReason}
            required
            minLength={3}
            maxLength={500}
          />
        </StepForm>
      ) : null}
    </>
  );
}

function WarrantRow({
  item,
  serves,
  ice,
  onServe,
  onPending,
}: {
  item: WarrantListItem;
  serves: boolean;
  ice: boolean;
  onServe: () => void;
  onPending: (kind: 'transfer' | 'withdraw') => void;
}) {
  const served = item.status === 'warrant_served';
  const left = item.holdMinutesLeft;
  const urgent = left !== null && left < HOLD_URGENT_HOURS * 60;
  return (
    <tr data-case-id={item.caseId} data-status={item.status} data-urgent={urgent ? 'true' : 'false'}>
      <th scope="row">
        <Link to={`/cases/${encodeURIComponent(item.caseId)}`}>{item.caseNumber}</Link>
      </th>
      <td>
        {item.subjectName}
        <span className="muted small block">Born {item.dob}</span>
      </td>
      <td>{item.facilityCode}</td>
      <td className="num">
        {hoursLabel(item.hoursToRelease)}
        {item.expectedReleaseAt ? (
          <span className="muted small block">
            <time dateTime={item.expectedReleaseAt}>{formatTimestamp(item.expectedReleaseAt)}</time>
          </span>
        ) : null}
      </td>
      <td>{item.statusLabel}</td>
      <td data-testid="custody-clock">
        {!served ? (
          <span className="muted">Starts at service</span>
        ) : item.holdEndsAt && left !== null ? (
          <span className={`clock-cell${urgent ? ' clock-cell-urgent' : ''}`}>
            <strong>
              {left === 0 ? 'Ended: release the person' : `${durationLabel(left * 60_000)} left`}
            </strong>
            <span className="small block">
              ICE by <time dateTime={item.holdEndsAt}>{formatTimestamp(item.holdEndsAt)}</time>
            </span>
          </span>
        ) : (
          <span>IGSA facility: no 48-hour clock</span>
        )}
      </td>
      {serves || ice ? (
        <td>
          {serves && !served ? (
            <button
              type="button"
              className="button button-primary"
              onClick={onServe}
              aria-label={`Serve warrant, case ${item.caseNumber}`}
            >
              Serve warrant
            </button>
          ) : null}
          {ice && served ? (
            <button
              type="button"
              className="button button-primary"
              onClick={() => onPending('transfer')}
              aria-label={`Assume custody, case ${item.caseNumber}`}
            >
              Assume custody
            </button>
          ) : null}
          {ice ? (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => onPending('withdraw')}
              aria-label={`Withdraw, case ${item.caseNumber}`}
            >
              Withdraw
            </button>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}

/** ICE lodges a signed warrant for a person booked at a WSO facility. */
function LodgeForm({ onDone }: { onDone: (message: string) => void }) {
  const facilities = useApi((signal) => wsoApi.facilities({ signal }), []);
  useSignOutOnUnauthorized(facilities.error);
  const options = facilities.data?.items ?? [];
  const [place, setPlace] = useState('');
  const [bookingNumber, setBookingNumber] = useState('');
  const [form, setForm] = useState<WarrantForm>('I-200');
  const [number, setNumber] = useState('');
  const [orderDate, setOrderDate] = useState('');
  const [orderBy, setOrderBy] = useState('');
  const chosen = options.find((f) => `${f.agencyId}|${f.code}` === place);
  return (
    <StepForm
      testId="form-lodge"
      title="Lodge a warrant"
      note="ICE warrant issuers (8 CFR 287.5(e)(2)) only. The person is the one booked under this booking number at the facility."
      submitLabel="Lodge the warrant"
      run={async () => {
        if (!chosen) throw new Error('Choose the facility.');
        const r = await wsoApi.lodge({
          agencyId: chosen.agencyId,
          bookingNumber: bookingNumber.trim(),
          form,
          number: number.trim(),
          ...(form === 'I-205' ? { finalOrder: { date: orderDate, by: orderBy.trim() } } : {}),
        });
        setBookingNumber('');
        setNumber('');
        return `${form} lodged: case ${r.caseNumber} is in the WSO's queue.`;
      }}
      onDone={onDone}
    >
      <SelectField label="WSO facility" value={place} onChange={setPlace} required>
        <option value="">Choose</option>
        {options.map((f) => (
          <option key={`${f.agencyId}|${f.code}`} value={`${f.agencyId}|${f.code}`}>
            {f.agencyName} ({f.state}): {f.name} ({f.code}){f.igsa ? ', IGSA' : ''}
          </option>
        ))}
      </SelectField>
      <InputField
        label="Booking number"
        value={bookingNumber}
        onChange={setBookingNumber}
        required
        maxLength={40}
      />
      <SelectField label="Form" value={form} onChange={(v) => setForm(v as WarrantForm)}>
        {WARRANT_FORMS.map((f) => (
          <option key={f} value={f}>
            {f === 'I-200' ? 'I-200 Warrant for Arrest of Alien' : 'I-205 Warrant of Removal/Deportation'}
          </option>
        ))}
      </SelectField>
      <InputField
        label="Warrant number"
        value={number}
        onChange={(v) => setNumber(v.toUpperCase())}
        required
        pattern="[A-Z0-9\-]{4,30}"
      />
      {form === 'I-205' ? (
        <>
          <InputField
            label="Final order date"
            type="date"
            value={orderDate}
            onChange={setOrderDate}
            required
          />
          <InputField label="Final order by" value={orderBy} onChange={setOrderBy} required maxLength={200} />
        </>
      ) : null}
    </StepForm>
  );
}
