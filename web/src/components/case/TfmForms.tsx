/**
 * The Task Force Model parts of a case page: the header of a field encounter (who, when, where,
 * the lawful basis, the arrest, examination and advisals), and the forms only a field encounter
 * has — warrantless arrest with its "likely to escape" facts (INA §287(a)(2)), the examination
 * by another officer or the 8 CFR 287.3(a) exception, the 287.3(c) advisals, and release. The
 * server decides every request; a refusal is shown next to the form with its rule and citation.
 */
import type { ReactNode } from 'react';
import { useState } from 'react';
import {
  ApiError,
  type CaseDetail,
  type CaseRecord,
  type EncounterPerson,
  type StopBasis,
  type TfmRecord,
  tfmApi,
  type User,
} from '../../api.ts';
import { formatTimestamp } from '../../format.ts';
import { Fact, InputField, TextAreaField } from '../fields.tsx';
import { label, OUTCOME_LABELS, personLabel, StepForm, TierBadge } from './shared.tsx';

type Done = (message: string) => void;
interface FormProps {
  detail: CaseDetail;
  user: User;
  onDone: Done;
}

export const STOP_BASIS_LABELS: Record<StopBasis, string> = {
  traffic_violation: 'Traffic violation',
  observed_criminal_offense: 'Criminal offense observed by the officer',
  criminal_warrant: 'Outstanding criminal warrant',
  probable_cause_criminal_offense: 'Probable cause of a criminal offense',
  reasonable_suspicion_criminal_activity: 'Reasonable suspicion of criminal activity',
  ice_identified_lead_with_warrant: 'ICE-identified lead with a signed I-200 or I-205',
  consensual_encounter: 'Consensual encounter',
};

const invalid = (title: string) => new ApiError(400, { title });
const recordOf = (detail: CaseDetail) => detail.case.record as CaseRecord & TfmRecord;

/** A field encounter's case (no booking; the person is recorded on the encounter). */
export const isFieldCase = (detail: CaseDetail): boolean => Boolean(recordOf(detail).encounter);

/** The person of the case: the booking's, or the field encounter's. */
export function casePerson(detail: CaseDetail): Partial<EncounterPerson> {
  return (detail.booking as CaseDetail['booking'] | null)?.person ?? recordOf(detail).encounter?.person ?? {};
}

function ArrestForm({ detail, onDone }: FormProps) {
  const [facts, setFacts] = useState('');
  return (
    <StepForm
      title="Record a warrantless arrest"
      note="INA §287(a)(2): only when the person is likely to escape before a warrant can be obtained. State the facts that show it; immigration status or a protected characteristic is never a reason."
      submitLabel="Record the arrest"
      danger
      testId="form-tfm-arrest"
      onDone={onDone}
      run={async () => {
        if (facts.trim().length < 40)
          throw invalid('Record the facts showing the person is likely to escape (at least 40 characters).');
        await tfmApi.step(detail.case.caseId, 'arrest', { likelyToEscape: facts.trim() });
        return 'The warrantless arrest is recorded. Another officer examines the person next (8 CFR 287.3(a)).';
      }}
    >
      <TextAreaField
        label="Why the person is likely to escape before a warrant can be obtained"
        rows={4}
        minLength={40}
        maxLength={5000}
        value={facts}
        onChange={setFacts}
      />
    </StepForm>
  );
}

function ExaminationForm({ detail, user, onDone }: FormProps) {
  const arrest = recordOf(detail).warrantlessArrest;
  const arresting = arrest?.by === user.userId;
  const [reason, setReason] = useState('');
  return (
    <StepForm
      title="Record the examination"
      note={
        arresting
          ? 'You made this arrest. 8 CFR 287.3(a): another officer examines the person, unless no other qualified officer is readily available and the delay would be unnecessary — record that exception and its reason.'
          : 'You examine the person arrested without a warrant as an officer other than the arresting officer (8 CFR 287.3(a)).'
      }
      submitLabel={arresting ? 'Record the examination under the exception' : 'Record the examination'}
      testId="form-tfm-examination"
      onDone={onDone}
      run={async () => {
        if (arresting && reason.trim().length < 20)
          throw invalid(
            'Give the reason no other qualified officer was readily available (at least 20 characters).',
          );
        await tfmApi.step(detail.case.caseId, 'examination', { exception: arresting ? reason.trim() : null });
        return arresting
          ? 'The examination is recorded under the 8 CFR 287.3(a) exception.'
          : 'The examination by another officer is recorded.';
      }}
    >
      {arresting ? (
        <TextAreaField
          label="Exception: why no other qualified officer was readily available"
          rows={3}
          minLength={20}
          maxLength={5000}
          value={reason}
          onChange={setReason}
        />
      ) : null}
    </StepForm>
  );
}

function AdvisalsForm({ detail, onDone }: FormProps) {
  const [reasons, setReasons] = useState(false);
  const [counsel, setCounsel] = useState(false);
  const [list, setList] = useState(false);
  const [language, setLanguage] = useState(recordOf(detail).interview?.primaryLanguage ?? '');
  const box = (checked: boolean, set: (v: boolean) => void, text: string) => (
    <label className="choice">
      <input type="checkbox" required checked={checked} onChange={(e) => set(e.target.checked)} />
      {text}
    </label>
  );
  return (
    <StepForm
      title="Record the 8 CFR 287.3(c) advisals"
      note="All three, in a language the person understands. Without them no I-213 is prepared and no charging document finalised."
      submitLabel="Record the advisals"
      testId="form-tfm-advisals"
      onDone={onDone}
      run={async () => {
        if (!reasons || !counsel || !list) throw invalid('All three advisals must be given.');
        await tfmApi.step(detail.case.caseId, 'advisals', {
          reasonsForArrest: reasons,
          rightToCounsel: counsel,
          legalServicesList: list,
          language: language.trim(),
        });
        return 'The 8 CFR 287.3(c) advisals are recorded.';
      }}
    >
      <fieldset className="choice-group">
        <legend>Advised of</legend>
        {box(reasons, setReasons, 'The reasons for the arrest')}
        {box(counsel, setCounsel, 'The right to counsel at no expense to the government')}
        {box(list, setList, 'The list of free legal services (given to the person)')}
      </fieldset>
      <InputField
        label="Language"
        type="text"
        required
        maxLength={60}
        value={language}
        onChange={setLanguage}
      />
    </StepForm>
  );
}

function ReleaseForm({ detail, onDone }: FormProps) {
  const [reason, setReason] = useState('');
  return (
    <StepForm
      title="Release: no immigration action"
      note="Closes the field case; the person is released."
      submitLabel="Release and close"
      danger
      testId="form-tfm-release"
      onDone={onDone}
      run={async () => {
        await tfmApi.step(detail.case.caseId, 'release', { reason: reason.trim() });
        return 'Released after the encounter; the case is closed.';
      }}
    >
      <TextAreaField label="Reason" maxLength={5000} value={reason} onChange={setReason} />
    </StepForm>
  );
}

export type TfmFormKey = 'tfmArrest' | 'tfmExamination' | 'tfmAdvisals' | 'tfmRelease';

const TFM_FORMS: Record<TfmFormKey, (p: FormProps) => ReactNode> = {
  tfmArrest: ArrestForm,
  tfmExamination: ExaminationForm,
  tfmAdvisals: AdvisalsForm,
  tfmRelease: ReleaseForm,
};

export function renderTfmForm(key: TfmFormKey, detail: CaseDetail, user: User, onDone: Done) {
  const Form = TFM_FORMS[key];
  return <Form key={key} detail={detail} user={user} onDone={onDone} />;
}

/** The TFM forms for this role: those the case is at (`next`), and the others it may take. */
export function tfmForms(detail: CaseDetail, user: User): { next: TfmFormKey[]; others: TfmFormKey[] } {
  const c = detail.case;
  const status: string = c.status;
  const r = recordOf(detail);
  if (!r.encounter || c.status === 'closed' || c.citizenshipReviewOpen) return { next: [], others: [] };
  const beforeI213 = ['encountered', 'arrested', 'interviewed', 'removable'].includes(status);
  const canArrest = beforeI213 && status !== 'arrested' && !r.warrantlessArrest;
  const next: TfmFormKey[] = [];
  const others: TfmFormKey[] = [];
  const examine = Boolean(r.warrantlessArrest) && !r.examination;
  if (user.role === 'lea_officer') {
    if (canArrest) (status === 'removable' ? others : next).push('tfmArrest');
    if (examine) (r.warrantlessArrest?.by === user.userId ? others : next).push('tfmExamination');
    if (r.warrantlessArrest && !r.arrestAdvisals) next.push('tfmAdvisals');
    if (beforeI213) (status === 'encountered' ? next : others).push('tfmRelease');
  }
  if (user.role === 'ice_supervisor') {
    if (examine) next.push('tfmExamination');
    if (canArrest) others.push('tfmArrest');
    if (r.warrantlessArrest && !r.arrestAdvisals) others.push('tfmAdvisals');
    if (beforeI213) others.push('tfmRelease');
  }
  if (user.role === 'lea_admin' && beforeI213) others.push('tfmRelease');
  return { next, others };
}

const Time = ({ value }: { value: string | null | undefined }) =>
  value ? <time dateTime={value}>{formatTimestamp(value)}</time> : <span className="muted">—</span>;

/** The top of a field encounter's case page. */
export function FieldCaseHeader({
  detail,
  user,
  names,
}: {
  detail: CaseDetail;
  user: User;
  names: Map<string, string>;
}) {
  const c = detail.case;
  const r = recordOf(detail);
  const e = r.encounter;
  const p = casePerson(detail);
  const name = [p.lastName, [p.firstName, p.middleName].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return (
    <>
      <h1 data-testid="case-title">
        Field case {c.caseNumber}: {name}
      </h1>
      {detail.stops.length > 0 ? (
        <div className="hard-stop" data-testid="hard-stops">
          <p className="hard-stop-title">Hard stop: the case may not proceed</p>
          <ul>
            {detail.stops.map((s) => (
              <li key={s.ruleId}>
                <strong>{s.label}</strong> · rule <code>{s.ruleId}</code> · {s.citation}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <dl className="facts case-facts" data-testid="field-encounter">
        <div>
          <dt>Status</dt>
          <dd data-testid="case-status" data-status={c.status}>
            <span className={`badge badge-case badge-case-${c.status}`}>{c.statusLabel}</span>
            {c.outcome ? <span className="small"> {label(OUTCOME_LABELS, c.outcome)}</span> : null}
          </dd>
        </div>
        <div>
          <dt>Priority</dt>
          <dd>
            <TierBadge tier={c.tier} /> <span className="priority-explanation">{c.priorityExplanation}</span>
          </dd>
        </div>
        {e ? (
          <>
            <Fact term="Encounter">
              <Time value={e.at} /> in {e.jurisdiction}, {e.location}
            </Fact>
            <Fact term="Lawful basis">
              <span data-testid="encounter-basis">
                {STOP_BASIS_LABELS[e.basis] ?? e.basis}: {e.basisNarrative}
              </span>
            </Fact>
            <Fact term="Recorded by">{personLabel(e.by, user, names)}</Fact>
          </>
        ) : null}
        <Fact term="Date of birth">{p.dob ?? '—'}</Fact>
        {r.warrantlessArrest ? (
          <Fact term="Warrantless arrest (INA §287(a)(2))">
            <span data-testid="tfm-arrest">
              <Time value={r.warrantlessArrest.at} /> by {personLabel(r.warrantlessArrest.by, user, names)}.
              Likely to escape: {r.warrantlessArrest.likelyToEscape}
            </span>
          </Fact>
        ) : null}
        {r.warrantlessArrest ? (
          <Fact term="Examination (8 CFR 287.3(a))">
            <span data-testid="tfm-examination">
              {r.examination
                ? r.examination.exception
                  ? `By the arresting officer under the exception: ${r.examination.exception}`
                  : `By ${personLabel(r.examination.by, user, names)}, an officer other than the arresting officer`
                : 'Not yet examined'}
            </span>
          </Fact>
        ) : null}
        {r.warrantlessArrest ? (
          <Fact term="Advisals (8 CFR 287.3(c))">
            <span data-testid="tfm-advisals">
              {r.arrestAdvisals
                ? `Given in ${r.arrestAdvisals.language}, ${formatTimestamp(r.arrestAdvisals.at)}`
                : 'Not yet recorded'}
            </span>
          </Fact>
        ) : null}
      </dl>
    </>
  );
}
