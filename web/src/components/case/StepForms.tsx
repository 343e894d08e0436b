/**
 * The forms for each step of a JEM case, and which of them the signed-in role is offered: the
 * step the case is at first, the other steps of the role behind a disclosure (the server decides
 * every request; a refusal is shown next to the form with its rule id and citation).
 */
import { type ReactNode, useId, useState } from 'react';
import {
  ADVISALS,
  type Advisal,
  ApiError,
  type CaseDetail,
  type CaseStepPath,
  type CaseSteps,
  CHARGING_FORMS,
  type ChargingDraftInput,
  type ChargingForm,
  caseworkApi,
  DETAINER_BASES,
  type DetainerBasis,
  LIFT_REASONS,
  type LiftReason,
  SYSTEM_NAMES,
  type SystemName,
  type User,
  WARRANT_FORMS,
  type WarrantForm,
} from '../../api.ts';
import { InputField, Radio, SelectField, TextAreaField } from '../fields.tsx';
import { JailEventForm } from './JailEventForm.tsx';
import {
  ADVISAL_LABELS,
  BASIS_LABELS,
  LIFT_REASON_LABELS,
  label,
  StepForm,
  SYSTEM_LABELS,
} from './shared.tsx';
import { casePerson, renderTfmForm, tfmForms } from './TfmForms.tsx';

type Done = (message: string) => void;
interface FormProps {
  detail: CaseDetail;
  onDone: Done;
}

const send = <S extends CaseStepPath>(detail: CaseDetail, step: S, body: CaseSteps[S]) =>
  caseworkApi.step(detail.case.caseId, step, body);

/** A `datetime-local` value read as UTC (the label says so). */
const utcInstant = (value: string) => (value ? `${value.length === 16 ? `${value}:00` : value}Z` : '');
const invalid = (title: string) => new ApiError(400, { title });

function TakeCaseForm({ detail, onDone }: FormProps) {
  return (
    <StepForm
      title="Take this case"
      note="Assigns the case to you. An officer assigns cases only to themself."
      submitLabel="Take this case"
      testId="form-assignment"
      onDone={onDone}
      run={async () => {
        await send(detail, 'assignment', { assignee: 'self' });
        return 'The case is assigned to you.';
      }}
    />
  );
}

function ChecksForm({ detail, onDone }: FormProps) {
  const [systems, setSystems] = useState<SystemName[]>(['IDENT', 'EID', 'NCIC', 'LESC']);
  const [purpose, setPurpose] = useState<'C' | 'F'>('C');
  const id = useId();
  return (
    <StepForm
      title="Request database checks"
      note="Each query is logged with its system, purpose and your name. A no-match is not evidence of status."
      submitLabel="Request the checks"
      testId="form-queries"
      onDone={onDone}
      run={async () => {
        if (systems.length === 0) throw invalid('Choose at least one system.');
        await send(detail, 'queries', { systems, purpose });
        return `Checks requested: ${systems.join(', ')}.`;
      }}
    >
      <fieldset className="choice-group">
        <legend>Systems</legend>
        {SYSTEM_NAMES.map((s) => (
          <label key={s} className="choice">
            <input
              type="checkbox"
              checked={systems.includes(s)}
              onChange={(e) =>
                setSystems((list) => (e.target.checked ? [...list, s] : list.filter((x) => x !== s)))
              }
            />
            {label(SYSTEM_LABELS, s)}
          </label>
        ))}
      </fieldset>
      <fieldset className="choice-group choice-inline">
        <legend>Nlets purpose code</legend>
        <Radio name={`${id}-purpose`} checked={purpose === 'C'} onSelect={() => setPurpose('C')}>
          C (criminal justice)
        </Radio>
        <Radio name={`${id}-purpose`} checked={purpose === 'F'} onSelect={() => setPurpose('F')}>
          F (firearms)
        </Radio>
      </fieldset>
    </StepForm>
  );
}

function InterviewForm({ detail, onDone }: FormProps) {
  const id = useId();
  const [language, setLanguage] = useState('');
  const [proficiency, setProficiency] = useState<'proficient' | 'limited' | 'none' | ''>('');
  const [interpreterName, setInterpreterName] = useState('');
  const [method, setMethod] = useState<'in_person' | 'telephone' | 'video' | ''>('');
  const [advisals, setAdvisals] = useState<Advisal[]>([]);
  const [nationality, setNationality] = useState(casePerson(detail).nationality ?? '');
  const [consular, setConsular] = useState<'requested' | 'declined' | 'not_asked'>('not_asked');
  const [claim, setClaim] = useState(false);
  const [indicia, setIndicia] = useState('');
  const [sworn, setSworn] = useState(false);
  const [statement, setStatement] = useState('');
  const [notes, setNotes] = useState('');
  const needsInterpreter = proficiency !== 'proficient';
  return (
    <StepForm
      title="Record the interview"
      note="Language access first: unless the subject is proficient in English, an interpreter is required before the interview can be saved. A claim or indicia of U.S. citizenship stops the case (ICE Directive 16001.2)."
      submitLabel="Record the interview"
      testId="form-interview"
      onDone={onDone}
      run={async () => {
        if (!proficiency) throw invalid('Record the English-proficiency screening.');
        if (needsInterpreter && (!interpreterName.trim() || !method))
          throw invalid(
            'An interpreter (who and how) is required when English proficiency is limited or none (language access).',
          );
        if (!advisals.includes('purpose_of_interview'))
          throw invalid('The purpose of the interview must be explained to the subject.');
        const r = await send(detail, 'interview', {
          primaryLanguage: language.trim(),
          englishProficiency: proficiency,
          interpreter: interpreterName.trim() && method ? { name: interpreterName.trim(), method } : null,
          advisals,
          nationality: nationality.trim() ? nationality.trim().toUpperCase() : null,
          consularChoice: consular === 'not_asked' ? null : consular,
          citizenshipClaim: claim,
          citizenshipIndicia: indicia.trim() ? indicia.trim() : null,
          swornStatement: sworn ? { text: statement.trim() } : null,
          notes: notes.trim(),
        });
        return claim || indicia.trim()
          ? 'The interview is recorded. The citizenship claim stops the case pending ICE supervisor review.'
          : `The interview is recorded (${r.status.replaceAll('_', ' ')}).`;
      }}
    >
      <InputField
        label="Primary language"
        type="text"
        required
        maxLength={60}
        value={language}
        onChange={setLanguage}
      />
      <fieldset className="choice-group choice-inline">
        <legend>English proficiency (screening)</legend>
        {(['proficient', 'limited', 'none'] as const).map((p) => (
          <Radio
            key={p}
            name={`${id}-proficiency`}
            checked={proficiency === p}
            onSelect={() => setProficiency(p)}
          >
            {p === 'proficient' ? 'Proficient' : p === 'limited' ? 'Limited' : 'None'}
          </Radio>
        ))}
      </fieldset>
      <fieldset className="choice-group" data-testid="interpreter">
        <legend>Interpreter{needsInterpreter ? ' (required)' : ' (optional)'}</legend>
        <InputField
          label="Interpreter’s name or identifier"
          type="text"
          required={needsInterpreter}
          maxLength={120}
          value={interpreterName}
          onChange={setInterpreterName}
        />
        <SelectField
          label="How"
          required={needsInterpreter}
          value={method}
          onChange={(v) => setMethod(v as typeof method)}
        >
          <option value="">Choose</option>
          <option value="in_person">In person</option>
          <option value="telephone">By telephone</option>
          <option value="video">By video</option>
        </SelectField>
      </fieldset>
      <fieldset className="choice-group">
        <legend>Advisals given</legend>
        {ADVISALS.map((a) => (
          <label key={a} className="choice">
            <input
              type="checkbox"
              required={a === 'purpose_of_interview'}
              checked={advisals.includes(a)}
              onChange={(e) =>
                setAdvisals((list) => (e.target.checked ? [...list, a] : list.filter((x) => x !== a)))
              }
            />
            {label(ADVISAL_LABELS, a)}
            {a === 'purpose_of_interview' ? ' (required)' : ''}
          </label>
        ))}
      </fieldset>
      <InputField
        label="Nationality (two-letter country code, if stated)"
        type="text"
        maxLength={2}
        pattern="[A-Za-z]{2}"
        autoComplete="off"
        value={nationality}
        onChange={setNationality}
      />
      <fieldset className="choice-group">
        <legend>Consular notification (8 CFR 236.1(e))</legend>
        <p className="form-note">
          For nationals of countries on the mandatory list the consulate is notified regardless of the
          subject’s wishes; the choice below is then not recorded.
        </p>
        <Radio
          name={`${id}-consular`}
          checked={consular === 'requested'}
          onSelect={() => setConsular('requested')}
        >
          Subject requests notification
        </Radio>
        <Radio
          name={`${id}-consular`}
          checked={consular === 'declined'}
          onSelect={() => setConsular('declined')}
        >
          Subject declines notification
        </Radio>
        <Radio
          name={`${id}-consular`}
          checked={consular === 'not_asked'}
          onSelect={() => setConsular('not_asked')}
        >
          Not asked (no foreign nationality stated)
        </Radio>
      </fieldset>
      <fieldset className="choice-group">
        <legend>U.S. citizenship</legend>
        <label className="choice">
          <input type="checkbox" checked={claim} onChange={(e) => setClaim(e.target.checked)} />
          The subject claims to be a U.S. citizen
        </label>
        <TextAreaField
          label="Indicia of U.S. citizenship (if any)"
          required={false}
          value={indicia}
          onChange={setIndicia}
        />
      </fieldset>
      <fieldset className="choice-group">
        <legend>Sworn statement (INA §287(b))</legend>
        <label className="choice">
          <input type="checkbox" checked={sworn} onChange={(e) => setSworn(e.target.checked)} />A sworn
          statement was taken under oath I administered
        </label>
        {sworn ? (
          <TextAreaField
            label="Statement"
            rows={4}
            maxLength={20000}
            value={statement}
            onChange={setStatement}
          />
        ) : null}
      </fieldset>
      <TextAreaField label="Notes" required={false} maxLength={20000} value={notes} onChange={setNotes} />
    </StepForm>
  );
}

function DeterminationForm({ detail, onDone }: FormProps) {
  const id = useId();
  const [outcome, setOutcome] = useState<CaseSteps['determination']['outcome'] | ''>('');
  const [reason, setReason] = useState('');
  return (
    <StepForm
      title="Record the determination"
      submitLabel="Record the determination"
      testId="form-determination"
      onDone={onDone}
      run={async () => {
        if (!outcome) throw invalid('Choose the determination.');
        await send(detail, 'determination', { outcome, reason: reason.trim() });
        return outcome === 'removable'
          ? 'Determination recorded: removable. Prepare the I-213.'
          : outcome === 'no_action'
            ? 'Determination recorded: no action. The case is closed.'
            : 'Determination recorded: the case is stopped for citizenship review.';
      }}
    >
      <fieldset className="choice-group">
        <legend>Determination</legend>
        <Radio name={`${id}-o`} checked={outcome === 'no_action'} onSelect={() => setOutcome('no_action')}>
          No action (lawful status or U.S. citizen)
        </Radio>
        <Radio
          name={`${id}-o`}
          checked={outcome === 'citizenship_review'}
          onSelect={() => setOutcome('citizenship_review')}
        >
          Citizenship review (stops the case)
        </Radio>
        <Radio name={`${id}-o`} checked={outcome === 'removable'} onSelect={() => setOutcome('removable')}>
          Removable
        </Radio>
      </fieldset>
      <TextAreaField label="Reason" maxLength={5000} value={reason} onChange={setReason} />
    </StepForm>
  );
}

function I213Form({ detail, onDone }: FormProps) {
  const previous = detail.case.record.i213;
  const [narrative, setNarrative] = useState(previous?.narrative ?? '');
  const returned = previous?.reviews.at(-1)?.decision === 'returned' ? previous.reviews.at(-1) : undefined;
  return (
    <StepForm
      title={returned ? 'Revise and resubmit the I-213' : 'Prepare the I-213'}
      note={
        returned
          ? `Returned by ICE: ${returned.reasons}`
          : 'Record of Deportable/Inadmissible Alien. The criminal history from the booking and the checks is added to the form; ICE reviews it.'
      }
      submitLabel="Submit the I-213 for ICE review"
      testId="form-i213"
      onDone={onDone}
      run={async () => {
        await send(detail, 'i213', { narrative: narrative.trim() });
        return 'The I-213 is submitted for ICE review.';
      }}
    >
      <TextAreaField
        label="Narrative (at least 20 characters)"
        rows={6}
        minLength={20}
        maxLength={50000}
        value={narrative}
        onChange={setNarrative}
      />
    </StepForm>
  );
}

function ReviewI213Form({ detail, onDone }: FormProps) {
  const id = useId();
  const [decision, setDecision] = useState<'approved' | 'returned' | ''>('');
  const [reasons, setReasons] = useState('');
  return (
    <StepForm
      title="Review the I-213"
      note="Approve it, or return it to the officer with reasons (8 U.S.C. §1357(g)(3)). The officer who prepared it does not review it."
      submitLabel="Record the review"
      testId="form-i213-review"
      onDone={onDone}
      run={async () => {
        if (!decision) throw invalid('Choose whether to approve or return the I-213.');
        if (decision === 'returned' && !reasons.trim()) throw invalid('Give the reasons for returning it.');
        await send(detail, 'i213/review', { decision, reasons: reasons.trim() });
        return decision === 'approved' ? 'The I-213 is approved.' : 'The I-213 is returned to the officer.';
      }}
    >
      <fieldset className="choice-group choice-inline">
        <legend>Decision</legend>
        <Radio name={`${id}-d`} checked={decision === 'approved'} onSelect={() => setDecision('approved')}>
          Approve
        </Radio>
        <Radio name={`${id}-d`} checked={decision === 'returned'} onSelect={() => setDecision('returned')}>
          Return with reasons
        </Radio>
      </fieldset>
      <TextAreaField
        label="Reasons"
        required={decision === 'returned'}
        maxLength={5000}
        value={reasons}
        onChange={setReasons}
      />
    </StepForm>
  );
}

function ChargingDraftForm({ detail, onDone }: FormProps) {
  const [form, setForm] = useState<ChargingForm>('I-862');
  const [respondentClass, setRespondentClass] =
    useState<NonNullable<ChargingDraftInput['respondentClass']>>('present_without_admission');
  const [allegations, setAllegations] = useState('');
  const [provision, setProvision] = useState('');
  const [description, setDescription] = useState('');
  const [warrantless, setWarrantless] = useState(false);
  const [arrestedAt, setArrestedAt] = useState('');
  const [reasonsAdvised, setReasonsAdvised] = useState(false);
  const [counselAdvised, setCounselAdvised] = useState(false);
  const [legalList, setLegalList] = useState(false);
  const [advisedAt, setAdvisedAt] = useState('');
  const [priorKind, setPriorKind] = useState<'removal' | 'deportation' | 'exclusion'>('removal');
  const [priorDate, setPriorDate] = useState('');
  const [priorBy, setPriorBy] = useState('');
  const [removalDate, setRemovalDate] = useState('');
  const [removalPlace, setRemovalPlace] = useState('');
  const [reentryDate, setReentryDate] = useState('');
  const [reentryPlace, setReentryPlace] = useState('');
  return (
    <StepForm
      title="Draft the charging document"
      note="Drafted by the officer, signed by ICE. An I-862 for a person arrested without a warrant is not finalised until the 8 CFR 287.3(c) advisals are recorded."
      submitLabel="Draft for ICE signature"
      testId="form-charging"
      onDone={onDone}
      run={async () => {
        const body: ChargingDraftInput = {
          form,
          allegations: allegations
            .split('\n')
            .map((a) => a.trim())
            .filter(Boolean),
          charges: [{ provision: provision.trim(), description: description.trim() }],
          warrantlessArrest: warrantless,
        };
        if (form === 'I-862') body.respondentClass = respondentClass;
        if (warrantless) {
          if (!arrestedAt) throw invalid('Give the time of the warrantless arrest.');
          body.arrestedAt = utcInstant(arrestedAt);
          if (advisedAt)
            body.advisal = {
              reasonsForArrest: reasonsAdvised,
              rightToCounsel: counselAdvised,
              legalServicesListProvided: legalList,
              advisedAt: utcInstant(advisedAt),
            };
        }
        if (form === 'I-871') {
          body.priorOrder = { kind: priorKind, date: priorDate, by: priorBy.trim() };
          body.removal = { date: removalDate, place: removalPlace.trim() };
          body.reentry = { date: reentryDate || null, place: reentryPlace.trim() };
        }
        await send(detail, 'charging-document', body);
        return `The ${form} is drafted for ICE signature.`;
      }}
    >
      <SelectField label="Form" value={form} onChange={(v) => setForm(v as ChargingForm)}>
        {CHARGING_FORMS.map((f) => (
          <option key={f} value={f}>
            {f === 'I-862'
              ? 'I-862 Notice to Appear'
              : f === 'I-851'
                ? 'I-851 Notice of Intent (administrative removal)'
                : 'I-871 Notice of Intent to Reinstate a Prior Order'}
          </option>
        ))}
      </SelectField>
      {form === 'I-862' ? (
        <SelectField
          label="Respondent"
          value={respondentClass}
          onChange={(v) => setRespondentClass(v as typeof respondentClass)}
        >
          <option value="arriving_alien">An arriving alien</option>
          <option value="present_without_admission">Present without admission or parole</option>
          <option value="admitted_removable">Admitted, and removable</option>
        </SelectField>
      ) : null}
      <TextAreaField
        label="Allegations (one a line)"
        rows={4}
        maxLength={20000}
        value={allegations}
        onChange={setAllegations}
      />
      <div className="form-row">
        <InputField
          label="Charge: provision"
          type="text"
          required
          maxLength={200}
          placeholder="e.g. INA §212(a)(6)(A)(i)"
          value={provision}
          onChange={setProvision}
        />
        <InputField
          label="Charge: description"
          type="text"
          required
          maxLength={1000}
          value={description}
          onChange={setDescription}
          className="field-grow"
        />
      </div>
      <fieldset className="choice-group">
        <legend>Arrest</legend>
        <label className="choice">
          <input type="checkbox" checked={warrantless} onChange={(e) => setWarrantless(e.target.checked)} />
          Arrested without a warrant
        </label>
        {warrantless ? (
          <>
            <InputField
              label="Arrested at (UTC)"
              type="datetime-local"
              required
              value={arrestedAt}
              onChange={setArrestedAt}
            />
            <fieldset className="choice-group nested" data-testid="advisals-287-3c">
              <legend>Advisals under 8 CFR 287.3(c)</legend>
              <label className="choice">
                <input
                  type="checkbox"
                  checked={reasonsAdvised}
                  onChange={(e) => setReasonsAdvised(e.target.checked)}
                />
                Reasons for the arrest
              </label>
              <label className="choice">
                <input
                  type="checkbox"
                  checked={counselAdvised}
                  onChange={(e) => setCounselAdvised(e.target.checked)}
                />
                Right to counsel at no expense to the government
              </label>
              <label className="choice">
                <input type="checkbox" checked={legalList} onChange={(e) => setLegalList(e.target.checked)} />
                List of free legal services provided
              </label>
              <InputField
                label="Advised at (UTC; leave empty if not yet advised)"
                type="datetime-local"
                value={advisedAt}
                onChange={setAdvisedAt}
              />
            </fieldset>
          </>
        ) : null}
      </fieldset>
      {form === 'I-871' ? (
        <fieldset className="choice-group">
          <legend>Prior order, removal and reentry</legend>
          <SelectField
            label="Prior order"
            value={priorKind}
            onChange={(v) => setPriorKind(v as typeof priorKind)}
          >
            <option value="removal">Removal</option>
            <option value="deportation">Deportation</option>
            <option value="exclusion">Exclusion</option>
          </SelectField>
          <div className="form-row">
            <InputField label="Order date" type="date" required value={priorDate} onChange={setPriorDate} />
            <InputField
              label="Ordered by"
              type="text"
              required
              maxLength={200}
              value={priorBy}
              onChange={setPriorBy}
            />
          </div>
          <div className="form-row">
            <InputField
              label="Removed on"
              type="date"
              required
              value={removalDate}
              onChange={setRemovalDate}
            />
            <InputField
              label="Removed at (place)"
              type="text"
              required
              maxLength={200}
              value={removalPlace}
              onChange={setRemovalPlace}
            />
          </div>
          <div className="form-row">
            <InputField
              label="Reentered on (if known)"
              type="date"
              value={reentryDate}
              onChange={setReentryDate}
            />
            <InputField
              label="Reentered at (place)"
              type="text"
              required
              maxLength={200}
              value={reentryPlace}
              onChange={setReentryPlace}
            />
          </div>
        </fieldset>
      ) : null}
    </StepForm>
  );
}

function SignChargingForm({ detail, onDone }: FormProps) {
  const c = detail.case.record.charging;
  return (
    <StepForm
      title="Sign the charging document"
      note={
        c
          ? `${c.form} drafted ${c.warrantlessArrest ? 'for a warrantless arrest ' : ''}with ${c.allegations.length} allegation(s): ${c.allegations.join(' ')}`
          : 'No charging document has been drafted yet.'
      }
      submitLabel="Sign the charging document"
      testId="form-charging-signature"
      onDone={onDone}
      run={async () => {
        await send(detail, 'charging-document/signature', {});
        return `The ${c?.form ?? 'charging document'} is signed and generated.`;
      }}
    />
  );
}

function SignWarrantForm({ detail, onDone }: FormProps) {
  const [form, setForm] = useState<WarrantForm>('I-200');
  const [number, setNumber] = useState('');
  const [orderDate, setOrderDate] = useState('');
  const [orderBy, setOrderBy] = useState('');
  return (
    <StepForm
      title="Issue and sign the warrant"
      note="Only an ICE officer listed in 8 CFR 287.5(e)(2) (a warrant issuer) signs an I-200 or I-205; no 287(g) officer does. The server refuses anyone else."
      submitLabel="Sign the warrant"
      testId="form-warrant"
      onDone={onDone}
      run={async () => {
        await send(detail, 'warrant', {
          form,
          number: number.trim().toUpperCase(),
          ...(form === 'I-205' ? { finalOrder: { date: orderDate, by: orderBy.trim() } } : {}),
        });
        return `${form} ${number.trim().toUpperCase()} is signed.`;
      }}
    >
      <SelectField label="Warrant" value={form} onChange={(v) => setForm(v as WarrantForm)}>
        {WARRANT_FORMS.map((f) => (
          <option key={f} value={f}>
            {f === 'I-200' ? 'I-200 Warrant for Arrest of Alien' : 'I-205 Warrant of Removal/Deportation'}
          </option>
        ))}
      </SelectField>
      <InputField
        label="Warrant number (4–30 capital letters, digits or dashes)"
        type="text"
        required
        pattern="[A-Za-z0-9\-]{4,30}"
        autoComplete="off"
        value={number}
        onChange={setNumber}
      />
      {form === 'I-205' ? (
        <div className="form-row">
          <InputField
            label="Final order date"
            type="date"
            required
            value={orderDate}
            onChange={setOrderDate}
          />
          <InputField
            label="Final order by"
            type="text"
            required
            maxLength={200}
            value={orderBy}
            onChange={setOrderBy}
          />
        </div>
      ) : null}
    </StepForm>
  );
}

function DetainerDraftForm({ detail, onDone }: FormProps) {
  const [basis, setBasis] = useState<DetainerBasis | ''>('');
  const [narrative, setNarrative] = useState('');
  return (
    <StepForm
      title="Draft the detainer (I-247A)"
      note="On one of the enumerated probable-cause bases, with the signed I-200 or I-205 attached. An investigation initiated, or a database no-match alone, is never a basis (ICE Policy 10074.2)."
      submitLabel="Draft for ICE approval"
      testId="form-detainer"
      onDone={onDone}
      run={async () => {
        if (!basis) throw invalid('Choose the probable-cause basis.');
        await send(detail, 'detainer', { basis, basisNarrative: narrative.trim() });
        return 'The detainer is drafted and awaits ICE approval.';
      }}
    >
      <SelectField
        label="Probable-cause basis"
        required
        value={basis}
        onChange={(v) => setBasis(v as DetainerBasis | '')}
      >
        <option value="">Choose</option>
        {DETAINER_BASES.map((b) => (
          <option key={b} value={b}>
            {label(BASIS_LABELS, b)}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        label="Facts of the basis (at least 10 characters)"
        rows={3}
        minLength={10}
        maxLength={5000}
        value={narrative}
        onChange={setNarrative}
      />
    </StepForm>
  );
}

function ApproveDetainerForm({ detail, onDone }: FormProps) {
  const d = detail.case.record.detainer;
  return (
    <StepForm
      title="Approve the detainer"
      note={d ? `${label(BASIS_LABELS, d.basis)}: ${d.basisNarrative}` : 'No detainer has been drafted.'}
      submitLabel="Approve the detainer"
      testId="form-detainer-approval"
      onDone={onDone}
      run={async () => {
        await send(detail, 'detainer/approval', {});
        return 'The detainer is approved. It takes effect once served on the subject.';
      }}
    />
  );
}

function ServeDetainerForm({ detail, onDone }: FormProps) {
  const [language, setLanguage] = useState(detail.case.record.interview?.primaryLanguage ?? '');
  return (
    <StepForm
      title="Serve the detainer on the subject"
      note="The detainer takes effect only when a copy is served on the subject, in a language the subject understands."
      submitLabel="Record service"
      testId="form-detainer-service"
      onDone={onDone}
      run={async () => {
        await send(detail, 'detainer/service', { language: language.trim() });
        return 'Service is recorded: the detainer is effective.';
      }}
    >
      <InputField
        label="Language of service"
        type="text"
        required
        maxLength={60}
        value={language}
        onChange={setLanguage}
      />
    </StepForm>
  );
}

function LiftForm({ detail, onDone }: FormProps) {
  const [reason, setReason] = useState<LiftReason | ''>('');
  const [note, setNote] = useState('');
  return (
    <StepForm
      title="Lift the detainer"
      note="Cancels the detainer; the jail then releases the person under its usual procedures."
      submitLabel="Lift the detainer"
      danger
      testId="form-lift"
      onDone={onDone}
      run={async () => {
        if (!reason) throw invalid('Choose the reason code.');
        await send(detail, 'detainer/lift', { reason, note: note.trim() });
        return 'The detainer is lifted and the case closed.';
      }}
    >
      <SelectField
        label="Reason code"
        required
        value={reason}
        onChange={(v) => setReason(v as LiftReason | '')}
      >
        <option value="">Choose</option>
        {LIFT_REASONS.map((r) => (
          <option key={r} value={r}>
            {label(LIFT_REASON_LABELS, r)}
          </option>
        ))}
      </SelectField>
      <TextAreaField label="Note" required={false} maxLength={2000} value={note} onChange={setNote} />
    </StepForm>
  );
}

function CustodyForm({ detail, onDone }: FormProps) {
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [determination, setDetermination] = useState<CaseSteps['custody']['determination']>('detain');
  return (
    <StepForm
      title="Assume custody"
      note="Before the hold ends: the I-286 is served and the I-203 given to the receiving facility. There is no extension past 48 hours."
      submitLabel="Record custody"
      testId="form-custody"
      onDone={onDone}
      run={async () => {
        await send(detail, 'custody', {
          receivingFacility: { name: name.trim(), address: address.trim() },
          determination,
        });
        return `ICE assumed custody; transfer to ${name.trim()}.`;
      }}
    >
      <InputField
        label="Receiving facility"
        type="text"
        required
        maxLength={200}
        value={name}
        onChange={setName}
      />
      <InputField
        label="Receiving facility address"
        type="text"
        required
        maxLength={300}
        value={address}
        onChange={setAddress}
      />
      <SelectField
        label="Custody determination (I-286)"
        value={determination}
        onChange={(v) => setDetermination(v as typeof determination)}
      >
        <option value="detain">Detain</option>
        <option value="release_on_recognizance">Release on recognizance</option>
        <option value="release_on_conditions">Release on conditions</option>
      </SelectField>
    </StepForm>
  );
}

function CitizenshipClaimForm({ detail, onDone }: FormProps) {
  const id = useId();
  const [source, setSource] = useState<'claim' | 'indicia'>('claim');
  const [statement, setStatement] = useState('');
  return (
    <StepForm
      title="Record a U.S. citizenship claim or indicia"
      note="Stops the case at once (ICE Directive 16001.2): an ICE supervisor review and a legal-counsel consult follow."
      submitLabel="Record and stop the case"
      danger
      testId="form-citizenship"
      onDone={onDone}
      run={async () => {
        await send(detail, 'citizenship-review', { source, statement: statement.trim() });
        return 'The citizenship review is open: the case is stopped.';
      }}
    >
      <fieldset className="choice-group choice-inline">
        <legend>Source</legend>
        <Radio name={`${id}-s`} checked={source === 'claim'} onSelect={() => setSource('claim')}>
          The subject’s claim
        </Radio>
        <Radio name={`${id}-s`} checked={source === 'indicia'} onSelect={() => setSource('indicia')}>
          Indicia in the records
        </Radio>
      </fieldset>
      <TextAreaField
        label="Statement or evidence"
        maxLength={5000}
        value={statement}
        onChange={setStatement}
      />
    </StepForm>
  );
}

function ResolveCitizenshipForm({ detail, onDone }: FormProps) {
  const id = useId();
  const [finding, setFinding] = useState<'citizen' | 'not_citizen' | ''>('');
  const [evidence, setEvidence] = useState('');
  const [counsel, setCounsel] = useState(false);
  return (
    <StepForm
      title="Resolve the citizenship review"
      note="A confirmed citizen’s record is corrected and the case closed. A finding of no citizenship needs counsel (OPLA) consulted first."
      submitLabel="Record the finding"
      testId="form-citizenship-resolution"
      onDone={onDone}
      run={async () => {
        if (!finding) throw invalid('Choose the finding.');
        await send(detail, 'citizenship-review/resolution', {
          finding,
          evidence: evidence.trim(),
          counselConsulted: counsel,
        });
        return 'The citizenship review is resolved.';
      }}
    >
      <fieldset className="choice-group choice-inline">
        <legend>Finding</legend>
        <Radio name={`${id}-f`} checked={finding === 'citizen'} onSelect={() => setFinding('citizen')}>
          U.S. citizen
        </Radio>
        <Radio
          name={`${id}-f`}
          checked={finding === 'not_citizen'}
          onSelect={() => setFinding('not_citizen')}
        >
          Not a U.S. citizen
        </Radio>
      </fieldset>
      <TextAreaField label="Evidence examined" maxLength={5000} value={evidence} onChange={setEvidence} />
      <label className="choice">
        <input type="checkbox" checked={counsel} onChange={(e) => setCounsel(e.target.checked)} />
        Legal counsel (OPLA) consulted
      </label>
    </StepForm>
  );
}

type FormKey =
  | 'assignment'
  | 'queries'
  | 'interview'
  | 'determination'
  | 'i213'
  | 'i213Review'
  | 'charging'
  | 'chargingSignature'
  | 'warrant'
  | 'detainer'
  | 'detainerApproval'
  | 'service'
  | 'lift'
  | 'custody'
  | 'citizenship'
  | 'citizenshipResolution'
  | 'jailEvent';

const FORMS: Record<FormKey, (p: FormProps) => ReactNode> = {
  assignment: TakeCaseForm,
  queries: ChecksForm,
  interview: InterviewForm,
  determination: DeterminationForm,
  i213: I213Form,
  i213Review: ReviewI213Form,
  charging: ChargingDraftForm,
  chargingSignature: SignChargingForm,
  warrant: SignWarrantForm,
  detainer: DetainerDraftForm,
  detainerApproval: ApproveDetainerForm,
  service: ServeDetainerForm,
  lift: LiftForm,
  custody: CustodyForm,
  citizenship: CitizenshipClaimForm,
  citizenshipResolution: ResolveCitizenshipForm,
  jailEvent: JailEventForm,
};

/** Every form a role may send, in the order of the flow. */
const ROLE_FORMS: Record<string, FormKey[]> = {
  lea_officer: [
    'assignment',
    'queries',
    'interview',
    'determination',
    'i213',
    'charging',
    'detainer',
    'service',
    'citizenship',
  ],
  ice_supervisor: [
    'queries',
    'i213Review',
    'chargingSignature',
    'warrant',
    'detainerApproval',
    'lift',
    'custody',
    'citizenship',
    'citizenshipResolution',
  ],
  lea_admin: ['jailEvent', 'citizenship'],
};

/** The forms for the step the case is at, for this role; null when it waits on someone else. */
export function nextForms(detail: CaseDetail, user: User): FormKey[] {
  const c = detail.case;
  const r = c.record;
  const s = c.status;
  if (s === 'closed') return [];
  const next: FormKey[] = [];
  if (user.role === 'lea_officer') {
    if (c.assignedTo !== user.userId) next.push('assignment');
    if (c.citizenshipReviewOpen) return next;
    if (s === 'screening') {
      if (detail.queries.length === 0) next.push('queries');
      next.push('interview');
    }
    if (s === 'interviewed') next.push('determination');
    // TFM: a field encounter is interviewed before or after a warrantless arrest.
    const field: string = s;
    if (field === 'encountered' || (field === 'arrested' && !r.interview)) next.push('interview');
    if (field === 'arrested' && r.interview) next.push('determination');
    if (s === 'removable') next.push('i213');
    if (s === 'i213_approved') {
      if (!r.charging) next.push('charging');
      if (r.warrant) next.push('detainer');
    }
    if (s === 'detainer_approved') next.push('service');
  }
  // The jail's coordinator records the jail's events (a release, leaving custody) while the case is open.
  if (user.role === 'lea_admin') next.push('jailEvent');
  if (user.role === 'ice_supervisor') {
    if (c.citizenshipReviewOpen) return ['citizenshipResolution'];
    if (s === 'i213_submitted') next.push('i213Review');
    if (s === 'i213_approved') {
      if (r.charging && !r.charging.signedAt) next.push('chargingSignature');
      if (!r.warrant) next.push('warrant');
    }
    if (s === 'detainer_drafted') next.push('detainerApproval');
    if (s === 'detainer_served' || s === 'hold_running') next.push('custody');
    if (['detainer_drafted', 'detainer_approved', 'detainer_served', 'hold_running'].includes(s))
      next.push('lift');
  }
  return next;
}

function waitingOn(detail: CaseDetail): string {
  const c = detail.case;
  if (c.status === 'closed') return 'The case is closed; no further step is taken.';
  if (c.citizenshipReviewOpen) return 'The case is stopped for citizenship review by an ICE supervisor.';
  switch (c.status) {
    case 'i213_submitted':
      return 'The I-213 awaits ICE review.';
    case 'i213_approved':
      return !c.record.charging?.signedAt || !c.record.warrant
        ? 'Awaiting ICE: the charging document and the warrant are signed by ICE.'
        : 'The detainer is drafted by the officer next.';
    case 'detainer_drafted':
      return 'The detainer awaits ICE approval.';
    case 'detainer_approved':
      return 'The detainer is to be served on the subject by the officer.';
    case 'detainer_served':
      return 'The detainer is effective; the hold starts only when the person would otherwise be released.';
    case 'hold_running':
      return 'The hold clock is running: ICE assumes custody or lifts the detainer before it ends.';
    default:
      return 'The case is with the screening officer.';
  }
}

export function CaseActions({ detail, user, onDone }: { detail: CaseDetail; user: User; onDone: Done }) {
  const [showOthers, setShowOthers] = useState(false);
  const next = nextForms(detail, user);
  const closed = detail.case.status === 'closed';
  const others = closed
    ? []
    : (ROLE_FORMS[user.role] ?? []).filter(
        (k) =>
          !next.includes(k) &&
          !(k === 'citizenship' && detail.case.citizenshipReviewOpen) &&
          !(k === 'citizenshipResolution' && !detail.case.citizenshipReviewOpen) &&
          !(k === 'assignment' && detail.case.assignedTo === user.userId),
      );
  const render = (k: FormKey) => {
    const Form = FORMS[k];
    return <Form key={k} detail={detail} onDone={onDone} />;
  };
  const tfm = tfmForms(detail, user);
  const renderTfm = (k: (typeof tfm.next)[number]) => renderTfmForm(k, detail, user, onDone);
  return (
    <section className="section" aria-labelledby="actions-heading" data-testid="case-actions">
      <h2 id="actions-heading">Next step</h2>
      {next.length > 0 || tfm.next.length > 0 ? (
        <div className="action-grid action-grid-wide">
          {next.map(render)}
          {tfm.next.map(renderTfm)}
        </div>
      ) : (
        <p className="muted" data-testid="case-waiting">
          {waitingOn(detail)}
        </p>
      )}
      {others.length > 0 || tfm.others.length > 0 ? (
        <details
          className="other-steps"
          data-testid="other-steps"
          onToggle={(e) => setShowOthers((e.target as HTMLDetailsElement).open)}
        >
          <summary className="inline-summary">Other steps for your role</summary>
          {showOthers ? (
            <>
              <p className="form-note">
                Steps out of the usual order. The server decides each one and says why when it refuses.
              </p>
              <div className="action-grid action-grid-wide">
                {others.map(render)}
                {tfm.others.map(renderTfm)}
              </div>
            </>
          ) : null}
        </details>
      ) : null}
    </section>
  );
}
