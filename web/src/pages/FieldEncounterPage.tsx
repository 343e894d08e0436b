/**
 * `/field`: a Task Force Model officer records a field encounter — when, where (a jurisdiction in
 * the agreement's area of responsibility), the lawful basis of the stop as a code and the facts,
 * and the person — and sees the agency's open field cases. `/field/cases/:caseId`: one field case
 * (encounter, arrest, examination, advisals), the forms for its next step, and its record.
 */
import { useState } from 'react';
import { caseworkApi, STOP_BASES, type StopBasis, tfmApi, type User } from '../api.ts';
import { SignedIn, useSignOutOnUnauthorized } from '../components/auth.tsx';
import {
  CaseDocuments,
  CaseRecordSection,
  CaseTasks,
  CaseTimeline,
} from '../components/case/CaseSummary.tsx';
import { CaseActions } from '../components/case/StepForms.tsx';
import { StepForm, useOfficerNames } from '../components/case/shared.tsx';
import { FieldCaseHeader, STOP_BASIS_LABELS } from '../components/case/TfmForms.tsx';
import { ErrorMessage, Loading, SuccessMessage } from '../components/common.tsx';
import { DataTable, InputField, SelectField, TextAreaField } from '../components/fields.tsx';
import { formatTimestamp } from '../format.ts';
import { useDocumentTitle, useResource } from '../hooks.ts';
import { Link, navigate } from '../router.tsx';

export function FieldEncounterPage() {
  useDocumentTitle('Field encounters');
  return (
    <SignedIn title="Field encounters" area="field">
      {() => <FieldEncounters />}
    </SignedIn>
  );
}

/** The current minute in UTC as a `datetime-local` value. */
const nowLocalUtc = () => new Date().toISOString().slice(0, 16);

function EncounterForm() {
  const [occurredAt, setOccurredAt] = useState(nowLocalUtc);
  const [jurisdiction, setJurisdiction] = useState('');
  const [location, setLocation] = useState('');
  const [basis, setBasis] = useState<StopBasis | ''>('');
  const [narrative, setNarrative] = useState('');
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [dob, setDob] = useState('');
  const [sex, setSex] = useState<'M' | 'F' | 'X' | 'U' | ''>('');
  const [nationality, setNationality] = useState('');
  return (
    <StepForm
      title="Record a field encounter"
      note="Where: the jurisdiction must lie in your agreement's area of responsibility. The basis of the stop is a criminal or traffic matter; immigration status and protected characteristics (race, ethnicity, national origin, religion, language, appearance) are never a basis."
      submitLabel="Record the encounter"
      testId="form-encounter"
      onDone={() => undefined}
      run={async () => {
        const r = await tfmApi.encounter({
          occurredAt: occurredAt ? `${occurredAt.length === 16 ? `${occurredAt}:00` : occurredAt}Z` : '',
          jurisdiction: jurisdiction.trim(),
          location: location.trim(),
          basis,
          basisNarrative: narrative.trim(),
          person: {
            firstName: firstName.trim(),
            lastName: lastName.trim(),
            dob,
            sex: sex || 'U',
            ...(nationality.trim() ? { nationality: nationality.trim().toUpperCase() } : {}),
          },
        });
        navigate(`/field/cases/${encodeURIComponent(r.caseId)}`);
        return `Encounter recorded: case ${r.caseNumber}.`;
      }}
    >
      <InputField
        label="When (UTC)"
        type="datetime-local"
        required
        value={occurredAt}
        onChange={setOccurredAt}
      />
      <InputField
        label="Jurisdiction (county or city)"
        type="text"
        required
        maxLength={120}
        value={jurisdiction}
        onChange={setJurisdiction}
      />
      <InputField
        label="Location"
        type="text"
        required
        maxLength={300}
        value={location}
        onChange={setLocation}
      />
      <SelectField label="Lawful basis" value={basis} onChange={(v) => setBasis(v as StopBasis | '')}>
        <option value="">Choose</option>
        {STOP_BASES.map((b) => (
          <option key={b} value={b}>
            {STOP_BASIS_LABELS[b]}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        label="Facts of the basis (at least 20 characters)"
        rows={3}
        maxLength={5000}
        value={narrative}
        onChange={setNarrative}
      />
      <fieldset className="choice-group">
        <legend>Person</legend>
        <InputField
          label="First name"
          type="text"
          required
          maxLength={60}
          value={firstName}
          onChange={setFirstName}
        />
        <InputField
          label="Last name"
          type="text"
          required
          maxLength={60}
          value={lastName}
          onChange={setLastName}
        />
        <InputField label="Date of birth" type="date" required value={dob} onChange={setDob} />
        <SelectField
          label="Sex"
          required
          value={sex}
          onChange={(v) => setSex(v as 'M' | 'F' | 'X' | 'U' | '')}
        >
          <option value="">Choose</option>
          <option value="F">F</option>
          <option value="M">M</option>
          <option value="X">X</option>
          <option value="U">Unknown</option>
        </SelectField>
        <InputField
          label="Nationality (two-letter code, if stated)"
          type="text"
          maxLength={2}
          pattern="[A-Za-z]{2}"
          value={nationality}
          onChange={setNationality}
        />
      </fieldset>
    </StepForm>
  );
}

function FieldEncounters() {
  const list = useResource((signal) => tfmApi.fieldCases({ signal }), []);
  useSignOutOnUnauthorized(list.error);
  return (
    <>
      <div className="page-head">
        <h1>Field encounters</h1>
        <p className="lede">
          Task Force Model field work: record an encounter, then interview, and — only where the person is
          likely to escape before a warrant can be obtained — arrest without a warrant.
        </p>
      </div>
      <div className="action-grid action-grid-wide">
        <EncounterForm />
      </div>
      <section className="section" aria-labelledby="field-cases-heading">
        <h2 id="field-cases-heading">Open field cases</h2>
        {!list.data && list.status !== 'error' ? <Loading label="Loading field cases…" /> : null}
        {list.status === 'error' && list.error ? (
          <ErrorMessage error={list.error} context="Field cases" />
        ) : null}
        {list.data ? (
          list.data.items.length === 0 ? (
            <p className="muted" data-testid="field-cases">
              No open field case.
            </p>
          ) : (
            <DataTable
              testId="field-cases"
              caption="Open field cases of your agency"
              columns={['Case', 'Person', 'Jurisdiction', 'Status', 'Opened']}
            >
              {list.data.items.map((c) => (
                <tr key={c.caseId} data-status={c.status}>
                  <th scope="row">
                    <Link to={`/field/cases/${encodeURIComponent(c.caseId)}`}>{c.caseNumber}</Link>
                  </th>
                  <td>{c.subjectName}</td>
                  <td>{c.jurisdiction ?? '—'}</td>
                  <td>{c.statusLabel}</td>
                  <td>
                    <time dateTime={c.openedAt}>{formatTimestamp(c.openedAt)}</time>
                  </td>
                </tr>
              ))}
            </DataTable>
          )
        ) : null}
      </section>
    </>
  );
}

/** `/field/cases/:caseId`: one field case. */
export function FieldCasePage({ caseId }: { caseId: string }) {
  return (
    <SignedIn title="Field case" area="cases">
      {(user) => <FieldCaseView caseId={caseId} user={user} />}
    </SignedIn>
  );
}

function FieldCaseView({ caseId, user }: { caseId: string; user: User }) {
  const record = useResource((signal) => caseworkApi.case(caseId, { signal }), [caseId]);
  useSignOutOnUnauthorized(record.error);
  const names = useOfficerNames(user);
  const [message, setMessage] = useState<{ id: number; text: string } | null>(null);
  useDocumentTitle(record.data ? `Field case ${record.data.case.caseNumber}` : 'Field case');
  const back =
    user.role === 'lea_officer'
      ? { to: '/field', label: 'Field encounters' }
      : user.role === 'ice_supervisor' || user.role === 'program_office'
        ? { to: '/review', label: 'Review queue' }
        : { to: '/tasks', label: 'Tasks' };
  const breadcrumb = (
    <p className="breadcrumb">
      <Link to={back.to}>{back.label}</Link> <span aria-hidden="true">›</span> Field case
    </p>
  );
  if (!record.data) {
    return (
      <>
        {breadcrumb}
        <h1>Field case</h1>
        {record.status === 'error' && record.error ? (
          <ErrorMessage error={record.error} context="Case" />
        ) : (
          <Loading label="Loading the case…" />
        )}
      </>
    );
  }
  const detail = record.data;
  const done = (text: string) => {
    setMessage({ id: Date.now(), text });
    record.reload();
  };
  return (
    <>
      {breadcrumb}
      <FieldCaseHeader detail={detail} user={user} names={names} />
      {message ? (
        <SuccessMessage key={message.id} testId="case-message">
          {message.text}
        </SuccessMessage>
      ) : null}
      {record.status === 'error' && record.error ? (
        <ErrorMessage error={record.error} context="Reload" />
      ) : null}
      <CaseActions key={detail.events.length} detail={detail} user={user} onDone={done} />
      <CaseRecordSection detail={detail} />
      <CaseTimeline detail={detail} user={user} />
      <CaseTasks detail={detail} />
      <CaseDocuments detail={detail} />
    </>
  );
}
