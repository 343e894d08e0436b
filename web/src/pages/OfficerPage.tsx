/**
 * `/officers/:officerId`: one officer's record (stage, eligibility checklist, exams, authorization
 * under 8 U.S.C. §1357(g)(5), refresher deadline) and the steps the signed-in role may take next.
 */

import { type ReactNode, useId, useState } from 'react';
import { can, isIceRole } from '../access.ts';
import {
  ApiError,
  api,
  ELIGIBILITY_CHANGES,
  ELIGIBILITY_ITEMS,
  type EligibilityChange,
  type EligibilityItem,
  MODEL_POWERS,
  type MoaVersion,
  type OfficerDetail,
  type OfficerStage,
  type User,
} from '../api.ts';
import { SignedIn, useSignOutOnUnauthorized } from '../components/auth.tsx';
import { DateText, ErrorMessage, Loading, ModelAbbr, SuccessMessage } from '../components/common.tsx';
import {
  DataTable,
  DateField,
  Fact,
  InputField,
  Radio,
  SelectField,
  TextAreaField,
} from '../components/fields.tsx';
import { StepForm, toApiError } from '../components/StepForm.tsx';
import { takeFlash } from '../flash.ts';
import {
  actionLabel,
  daysBetween,
  ELIGIBILITY_CHANGE_LABELS,
  eligibilityLabel,
  formatTimestamp,
  MODEL_NAMES,
  stageLabel,
  todayUtc,
} from '../format.ts';
import { useApi, useDocumentTitle, useResource } from '../hooks.ts';
import { Link } from '../router.tsx';
import { StageBadge } from './OfficersPage.tsx';

const LIFECYCLE: OfficerStage[] = ['nominated', 'approved', 'in_training', 'certified', 'authorized'];
const PASS_MARK = 70;

export function OfficerPage({ officerId }: { officerId: string }) {
  return (
    <SignedIn title="Officer" area="officers">
      {(user) => <OfficerView officerId={officerId} user={user} />}
    </SignedIn>
  );
}

function OfficerView({ officerId, user }: { officerId: string; user: User }) {
  const record = useResource((signal) => api.officer(officerId, { signal }), [officerId]);
  useSignOutOnUnauthorized(record.error);
  const [message, setMessage] = useState<{ id: number; text: string } | null>(() => {
    const flash = takeFlash();
    return flash ? { id: Date.now(), text: flash } : null;
  });
  useDocumentTitle(record.data ? record.data.officer.displayName : 'Officer');

  const done = (text: string) => {
    setMessage({ id: Date.now(), text });
    record.reload();
  };

  const breadcrumb = (
    <p className="breadcrumb">
      <Link to="/officers">Officers</Link> <span aria-hidden="true">›</span> Officer
    </p>
  );

  if (!record.data) {
    return (
      <>
        {breadcrumb}
        <h1>Officer</h1>
        {record.status === 'error' && record.error ? (
          <ErrorMessage error={record.error} context="Officer" />
        ) : (
          <Loading label="Loading the officer’s record…" />
        )}
      </>
    );
  }

  const { officer, eligibility, exams, authorization, refresherDue } = record.data;
  const today = todayUtc();
  const lapsed = officer.effectiveStage !== officer.stage;

  return (
    <>
      {breadcrumb}
      <h1 data-testid="officer-name">{officer.displayName}</h1>
      <dl className="facts">
        <div>
          <dt>Stage</dt>
          <dd data-testid="officer-stage" data-stage={officer.effectiveStage}>
            <StageBadge stage={officer.effectiveStage} />
            {lapsed ? (
              <span className="muted small"> (recorded as {stageLabel(officer.stage).toLowerCase()})</span>
            ) : null}
          </dd>
        </div>
        <Fact term="Model">
          {MODEL_NAMES[officer.model]} (<ModelAbbr model={officer.model} />)
        </Fact>
        {officer.badge ? <Fact term="Badge">{officer.badge}</Fact> : null}
        <Fact term="Certified">
          <DateText value={officer.certifiedOn} />
        </Fact>
        <Fact term="Last refresher">
          <DateText value={officer.lastRefresherOn} />
        </Fact>
        <div>
          <dt>Refresher due</dt>
          <dd data-testid="officer-refresher-due">
            {refresherDue ? (
              <>
                <DateText value={refresherDue} />
                {refresherDue < today ? (
                  <span className="muted small"> (lapsed)</span>
                ) : (
                  <span className="muted small"> (in {daysBetween(today, refresherDue)} days)</span>
                )}
              </>
            ) : (
              <span className="muted">—</span>
            )}
          </dd>
        </div>
      </dl>
      {officer.effectiveReason && ['suspended', 'revoked', 'rejected'].includes(officer.effectiveStage) ? (
        <p className="stage-reason">
          <strong>Reason:</strong> {officer.effectiveReason}
        </p>
      ) : null}

      <ol className="lifecycle" aria-label="Officer lifecycle">
        {LIFECYCLE.map((stage) => {
          const reached = LIFECYCLE.indexOf(stage) <= LIFECYCLE.indexOf(officer.stage);
          const isCurrent = stage === officer.stage;
          return (
            <li
              key={stage}
              className={`lifecycle-step${isCurrent ? ' is-current' : reached ? ' is-done' : ''}`}
              aria-current={isCurrent ? 'step' : undefined}
            >
              {stageLabel(stage)}
            </li>
          );
        })}
      </ol>

      <p>
        <Link to={`/officers/${encodeURIComponent(officer.officerId)}/authority`}>
          What may this officer do, here, now, and why
        </Link>
      </p>

      {message ? (
        <SuccessMessage key={message.id} testId="officer-message">
          {message.text}
        </SuccessMessage>
      ) : null}
      {record.status === 'error' && record.error ? (
        <ErrorMessage error={record.error} context="Reload" />
      ) : null}

      <section className="section" aria-labelledby="eligibility-heading">
        <h2 id="eligibility-heading">Eligibility checklist</h2>
        <DataTable
          testId="officer-eligibility"
          caption="Eligibility items, with evidence and date"
          columns={['Item', 'Satisfied', 'Evidence', 'Dated']}
        >
          {ELIGIBILITY_ITEMS.map((item) => {
            const e = eligibility.find((x) => x.item === item);
            return (
              <tr key={item}>
                <th scope="row">{eligibilityLabel(item)}</th>
                <td>
                  {e ? (
                    <span className={`badge ${e.satisfied ? 'badge-yes' : 'badge-no'}`}>
                      {e.satisfied ? 'Yes' : 'No'}
                    </span>
                  ) : (
                    <span className="muted">Not recorded</span>
                  )}
                </td>
                <td>{e?.evidence ?? <span className="muted">—</span>}</td>
                <td>
                  <DateText value={e?.dated} />
                </td>
              </tr>
            );
          })}
        </DataTable>
      </section>

      <section className="section" aria-labelledby="exams-heading">
        <h2 id="exams-heading">Exams</h2>
        <p className="section-note">
          The pass mark is {PASS_MARK} %. One remediation is allowed over the course; a second failure
          disqualifies.
        </p>
        {exams.length === 0 ? (
          <p className="muted">No exam is recorded.</p>
        ) : (
          <DataTable
            testId="officer-exams"
            caption="Exam attempts"
            columns={['Attempt', 'Exam', { label: 'Score', className: 'num' }, 'Result', 'Taken']}
          >
            {exams.map((x) => (
              <tr key={x.attempt}>
                <td>{x.attempt}</td>
                <td>{x.exam}</td>
                <td className="num">{x.score} %</td>
                <td>
                  <span className={`badge ${x.passed ? 'badge-yes' : 'badge-no'}`}>
                    {x.passed ? 'Pass' : 'Fail'}
                  </span>
                </td>
                <td>
                  <DateText value={x.takenOn} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <section className="section" aria-labelledby="authorization-heading">
        <h2 id="authorization-heading">Authorization under 8 U.S.C. §1357(g)(5)</h2>
        {!authorization ? (
          <p className="muted">The officer has not been authorized.</p>
        ) : (
          <dl className="facts facts-stacked" data-testid="officer-authorization">
            <div>
              <dt>Powers</dt>
              <dd>
                {authorization.powers === null ? (
                  <>
                    Model default ({authorization.model}):{' '}
                    {MODEL_POWERS[authorization.model].map((p) => actionLabel(p)).join('; ')}
                  </>
                ) : authorization.powers.length === 0 ? (
                  'None'
                ) : (
                  authorization.powers.map((p) => actionLabel(p)).join('; ')
                )}
              </dd>
            </div>
            <Fact term="Start">
              <DateText value={authorization.startsOn} />
            </Fact>
            <Fact term="End">
              <DateText value={authorization.endsOn} />
            </Fact>
            <Fact term="Supervising ICE position">{authorization.supervisingPosition}</Fact>
            <Fact term="MOA version">
              <Link to={`/agreements/${encodeURIComponent(authorization.moaId)}`}>
                Version {authorization.moaVersion}
              </Link>
            </Fact>
            <div>
              <dt>Status</dt>
              <dd>
                {authorization.endedAt ? (
                  <>
                    Ended {formatTimestamp(authorization.endedAt)}
                    {authorization.endReason ? `: ${authorization.endReason}` : ''}
                  </>
                ) : (
                  'Open'
                )}
              </dd>
            </div>
          </dl>
        )}
      </section>

      <section className="section" aria-labelledby="actions-heading" data-testid="officer-actions">
        <h2 id="actions-heading">Actions</h2>
        <OfficerActions
          key={`${officer.stage}-${message?.id ?? 0}`}
          detail={record.data}
          user={user}
          onDone={done}
        />
      </section>
    </>
  );
}

/* ---- Action forms ---- */

type Done = (message: string) => void;

/**
 * A step with at most one field: a date (today by default) or a required text. `run` receives the
 * officer and the field's value and returns the confirmation.
 */
type SimpleStep = {
  title: string;
  note?: string;
  submitLabel: string;
  danger?: boolean;
  field?: { kind: 'date' | 'text'; label: string; upToToday?: boolean };
  run: (officerId: string, value: string) => Promise<string>;
};

const STEPS = {
  approve: {
    title: 'Approve the nomination',
    note: 'ICE approves only when every eligibility item is recorded and satisfied. The officer may then be enrolled in a training class.',
    submitLabel: 'Approve the nomination',
    run: async (id) => {
      await api.officerStep(id, 'decision', { approve: true });
      return 'The nomination is approved. The officer may now be enrolled in a training class.';
    },
  },
  reject: {
    title: 'Reject the nomination',
    submitLabel: 'Reject the nomination',
    danger: true,
    field: { kind: 'text', label: 'Reason for the rejection' },
    run: async (id, reason) => {
      await api.officerStep(id, 'decision', { approve: false, reason: reason.trim() });
      return 'The nomination is rejected. The agency has been notified.';
    },
  },
  certify: {
    title: 'Certify',
    note: 'ICE’s written certification that the officer has received adequate training (8 U.S.C. §1357(g)(2)). Needs a passed exam as the latest attempt.',
    submitLabel: 'Record the certification',
    field: { kind: 'date', label: 'Certified on' },
    run: async (id, certifiedOn) => {
      await api.officerStep(id, 'certification', { certifiedOn });
      return 'The officer is certified and may now be authorized under an MOA version.';
    },
  },
  refresher: {
    title: 'Record refresher training',
    note: 'Restarts the refresher cadence. A suspension for a lapsed refresher ends with it.',
    submitLabel: 'Record the refresher',
    field: { kind: 'date', label: 'Completed on', upToToday: true },
    run: async (id, completedOn) => {
      await api.officerStep(id, 'refreshers', { completedOn });
      return `Refresher training completed on ${completedOn} is recorded.`;
    },
  },
  reinstate: {
    title: 'Reinstate',
    note: 'Returns the officer to the open authorization. If the authorization has ended, authorize again instead.',
    submitLabel: 'Reinstate the officer',
    field: { kind: 'text', label: 'Basis for the reinstatement' },
    run: async (id, note) => {
      await api.officerStep(id, 'reinstatement', { note: note.trim() });
      return 'The officer is reinstated.';
    },
  },
  revoke: {
    title: 'Revoke',
    note: 'Revocation is final: the open authorization ends now and the officer may no longer act under 287(g).',
    submitLabel: 'Revoke the officer’s authority',
    danger: true,
    field: { kind: 'text', label: 'Reason for the revocation' },
    run: async (id, reason) => {
      await api.officerStep(id, 'revocation', { reason: reason.trim() });
      return 'The officer’s authority is revoked.';
    },
  },
} satisfies Record<string, SimpleStep>;

function SimpleStepForm({ spec, officerId, onDone }: { spec: SimpleStep; officerId: string; onDone: Done }) {
  const { field, run, ...form } = spec;
  const [value, setValue] = useState(() => (field?.kind === 'date' ? todayUtc() : ''));
  return (
    <StepForm {...form} onDone={onDone} run={() => run(officerId, value)}>
      {field?.kind === 'date' ? (
        <DateField
          label={field.label}
          value={value}
          onChange={setValue}
          max={field.upToToday ? todayUtc() : undefined}
        />
      ) : field ? (
        <TextAreaField label={field.label} value={value} onChange={setValue} />
      ) : null}
    </StepForm>
  );
}

function OfficerActions({ detail, user, onDone }: { detail: OfficerDetail; user: User; onDone: Done }) {
  const { officer } = detail;
  const stage = officer.stage;
  const ice = can(user.role, 'administer');
  const agency = user.role === 'lea_admin';
  const forms: ReactNode[] = [];
  const id = officer.officerId;
  const simple = (key: keyof typeof STEPS) =>
    forms.push(<SimpleStepForm key={key} spec={STEPS[key]} officerId={id} onDone={onDone} />);

  if (stage === 'nominated') {
    if (ice) {
      simple('approve');
      simple('reject');
    }
    if (ice || agency) forms.push(<EligibilityForm key="eligibility" officerId={id} onDone={onDone} />);
  }
  if (ice && stage === 'approved') forms.push(<EnrolForm key="enrol" detail={detail} onDone={onDone} />);
  if (ice && stage === 'in_training') {
    forms.push(<ExamForm key="exam" officerId={id} onDone={onDone} />);
    simple('certify');
  }
  if (ice && stage === 'certified')
    forms.push(<AuthorizeForm key="authorize" detail={detail} onDone={onDone} />);
  const standing = ['certified', 'authorized', 'suspended'].includes(stage);
  if (ice && standing) simple('refresher');
  if (ice && stage === 'suspended') simple('reinstate');
  if (agency && stage === 'authorized') {
    forms.push(<EligibilityChangeForm key="change" officerId={id} onDone={onDone} />);
  }
  if (ice && standing) simple('revoke');

  if (forms.length === 0) {
    return (
      <p className="muted">
        {['rejected', 'disqualified', 'revoked'].includes(stage)
          ? `The officer is ${stageLabel(stage).toLowerCase()}; no further step can be recorded.`
          : isIceRole(user.role) || agency
            ? `No step is open to your role while the officer is ${stageLabel(stage).toLowerCase()}.`
            : 'Your role reads this record; it records no steps.'}
      </p>
    );
  }
  return <div className="action-grid">{forms}</div>;
}

function EligibilityForm({ officerId, onDone }: { officerId: string; onDone: Done }) {
  const id = useId();
  const [item, setItem] = useState<EligibilityItem>(ELIGIBILITY_ITEMS[0]);
  const [satisfied, setSatisfied] = useState<'yes' | 'no'>('yes');
  const [evidence, setEvidence] = useState('');
  const [dated, setDated] = useState('');
  return (
    <StepForm
      title="Record an eligibility item"
      note="Recording an item again replaces the earlier entry. The checklist closes once ICE decides the nomination."
      submitLabel="Record the item"
      onDone={onDone}
      run={async () => {
        await api.officerStep(officerId, 'eligibility', {
          item,
          satisfied: satisfied === 'yes',
          evidence: evidence.trim(),
          dated,
        });
        return `“${eligibilityLabel(item)}” is recorded as ${satisfied === 'yes' ? 'satisfied' : 'not satisfied'}.`;
      }}
    >
      <SelectField label="Item" value={item} onChange={(v) => setItem(v as EligibilityItem)}>
        {ELIGIBILITY_ITEMS.map((i) => (
          <option key={i} value={i}>
            {eligibilityLabel(i)}
          </option>
        ))}
      </SelectField>
      <fieldset className="choice-group choice-inline">
        <legend>Satisfied</legend>
        <Radio name={`${id}-satisfied`} checked={satisfied === 'yes'} onSelect={() => setSatisfied('yes')}>
          Yes
        </Radio>
        <Radio name={`${id}-satisfied`} checked={satisfied === 'no'} onSelect={() => setSatisfied('no')}>
          No
        </Radio>
      </fieldset>
      <InputField
        label="Evidence"
        type="text"
        required
        maxLength={1000}
        value={evidence}
        onChange={setEvidence}
      />
      <DateField label="Date of evidence" value={dated} onChange={setDated} max={todayUtc()} />
    </StepForm>
  );
}

function EnrolForm({ detail, onDone }: { detail: OfficerDetail; onDone: Done }) {
  const { officer } = detail;
  const [classId, setClassId] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [scheduling, setScheduling] = useState(false);
  const [scheduled, setScheduled] = useState<string | null>(null);
  const [scheduleError, setScheduleError] = useState<ApiError | null>(null);

  const schedule = async () => {
    if (!startsOn || !endsOn) {
      setScheduleError(new ApiError(400, { title: 'Give the first and last day of the class.' }));
      return;
    }
    setScheduling(true);
    setScheduleError(null);
    try {
      const result = await api.createTrainingClass({ model: officer.model, startsOn, endsOn });
      setClassId(result.classId);
      setScheduled(result.classId);
    } catch (cause) {
      setScheduleError(toApiError(cause, 'The class was not scheduled'));
    } finally {
      setScheduling(false);
    }
  };

  return (
    <StepForm
      title="Enrol in a training class"
      note={`The class must teach the ${MODEL_NAMES[officer.model]} (${officer.model}) course.`}
      submitLabel="Enrol the officer"
      onDone={onDone}
      run={async () => {
        await api.officerStep(officer.officerId, 'enrollments', { classId: classId.trim() });
        return 'The officer is enrolled and now in training.';
      }}
    >
      <InputField
        label="Training class id"
        type="text"
        required
        autoComplete="off"
        spellCheck={false}
        value={classId}
        onChange={setClassId}
      />
      <details className="inline-details">
        <summary className="inline-summary">Schedule a new {officer.model} class</summary>
        <div className="form-row">
          <InputField label="First day" type="date" value={startsOn} onChange={setStartsOn} />
          <InputField label="Last day" type="date" value={endsOn} onChange={setEndsOn} />
          <div className="field field-action">
            <button
              type="button"
              className="button button-secondary"
              onClick={schedule}
              disabled={scheduling}
            >
              {scheduling ? 'Scheduling…' : 'Schedule the class'}
            </button>
          </div>
        </div>
        {scheduleError ? <ErrorMessage error={scheduleError} /> : null}
        <p role="status" className="small">
          {scheduled ? `Class scheduled; its id ${scheduled} is entered above.` : ''}
        </p>
      </details>
    </StepForm>
  );
}

function ExamForm({ officerId, onDone }: { officerId: string; onDone: Done }) {
  const [exam, setExam] = useState('final examination');
  const [score, setScore] = useState('');
  const [takenOn, setTakenOn] = useState(todayUtc());
  return (
    <StepForm
      title="Record an exam"
      note={`Pass mark ${PASS_MARK} %. A second failure over the course disqualifies the officer.`}
      submitLabel="Record the exam"
      onDone={onDone}
      run={async () => {
        const value = Number(score);
        await api.officerStep(officerId, 'exams', { exam: exam.trim(), score: value, takenOn });
        return `Exam recorded: ${value} %, ${value >= PASS_MARK ? 'pass' : 'fail'}.`;
      }}
    >
      <InputField label="Exam" type="text" required maxLength={200} value={exam} onChange={setExam} />
      <InputField
        label="Score (%)"
        type="number"
        required
        min={0}
        max={100}
        step="any"
        value={score}
        onChange={setScore}
      />
      <DateField label="Taken on" value={takenOn} onChange={setTakenOn} max={todayUtc()} />
    </StepForm>
  );
}

function AuthorizeForm({ detail, onDone }: { detail: OfficerDetail; onDone: Done }) {
  const id = useId();
  const { officer } = detail;
  const versions = useApi(
    async (signal) => {
      const { items } = await api.moas({ agencyId: officer.agencyId }, { signal });
      const all = await Promise.all(items.map((m) => api.moa(m.moaId, { signal })));
      return all.flatMap((moa) =>
        moa.versions
          .filter((v) => v.statusNow === 'active' && v.models.includes(officer.model))
          .map((v) => ({ title: moa.title, version: v })),
      );
    },
    [officer.agencyId, officer.model],
  );
  useSignOutOnUnauthorized(versions.error);
  const [choice, setChoice] = useState('');
  const [startsOn, setStartsOn] = useState(todayUtc());
  const [endsOn, setEndsOn] = useState('');
  const [supervisingPosition, setSupervisingPosition] = useState('');
  const [mode, setMode] = useState<'default' | 'listed'>('default');
  const [powers, setPowers] = useState<string[]>([]);

  const options = versions.data ?? [];
  const selected: MoaVersion | undefined =
    options.find((o) => `${o.version.moaId}#${o.version.version}` === choice)?.version ??
    (options.length === 1 ? options[0]?.version : undefined);
  const available = MODEL_POWERS[officer.model].filter((p) => !selected?.narrowedActions.includes(p));

  return (
    <StepForm
      title="Authorize under 8 U.S.C. §1357(g)(5)"
      note="In writing: the powers delegated, the start and end, the position of the supervising ICE officer, and the MOA version the authorization rests on. The authorization cannot outlast the MOA version."
      submitLabel="Authorize the officer"
      onDone={onDone}
      run={async () => {
        if (!selected) throw new ApiError(400, { title: 'Choose the MOA version.' });
        await api.officerStep(officer.officerId, 'authorizations', {
          moaId: selected.moaId,
          moaVersion: selected.version,
          powers: mode === 'default' ? null : powers,
          startsOn,
          endsOn,
          supervisingPosition: supervisingPosition.trim(),
        });
        return `The officer is authorized from ${startsOn} to ${endsOn} under MOA version ${selected.version}.`;
      }}
    >
      {versions.status === 'loading' ? <Loading label="Loading MOA versions…" /> : null}
      {versions.status === 'error' ? <ErrorMessage error={versions.error} context="MOA versions" /> : null}
      {versions.status === 'success' && options.length === 0 ? (
        <p className="notice notice-warn">
          No MOA version of the agency covering the {officer.model} model is active; the officer cannot be
          authorized until one is.
        </p>
      ) : null}
      <SelectField
        label="MOA version"
        required
        value={selected ? `${selected.moaId}#${selected.version}` : choice}
        onChange={setChoice}
      >
        <option value="">Choose the MOA version</option>
        {options.map((o) => (
          <option
            key={`${o.version.moaId}#${o.version.version}`}
            value={`${o.version.moaId}#${o.version.version}`}
          >
            {o.title}, version {o.version.version}
            {o.version.endDate ? ` (ends ${o.version.endDate})` : ''}
          </option>
        ))}
      </SelectField>
      <div className="form-row">
        <DateField label="Start" value={startsOn} onChange={setStartsOn} />
        <DateField label="End" value={endsOn} onChange={setEndsOn} />
      </div>
      <InputField
        label="Supervising ICE position"
        type="text"
        required
        maxLength={300}
        placeholder="e.g. Supervisory Detention and Deportation Officer"
        value={supervisingPosition}
        onChange={setSupervisingPosition}
      />
      <fieldset className="choice-group">
        <legend>Powers</legend>
        <Radio name={`${id}-mode`} checked={mode === 'default'} onSelect={() => setMode('default')}>
          Model default: every power the {officer.model} model delegates, less any the MOA version withholds
        </Radio>
        <Radio name={`${id}-mode`} checked={mode === 'listed'} onSelect={() => setMode('listed')}>
          Only the powers listed below
        </Radio>
        {mode === 'listed' ? (
          <fieldset className="choice-group choice-columns nested">
            <legend>Listed powers</legend>
            {available.map((p) => (
              <label key={p} className="choice">
                <input
                  type="checkbox"
                  checked={powers.includes(p)}
                  onChange={(e) =>
                    setPowers((list) => (e.target.checked ? [...list, p] : list.filter((x) => x !== p)))
                  }
                />
                {actionLabel(p)}
              </label>
            ))}
          </fieldset>
        ) : null}
      </fieldset>
    </StepForm>
  );
}

function EligibilityChangeForm({ officerId, onDone }: { officerId: string; onDone: Done }) {
  const [reason, setReason] = useState<EligibilityChange | ''>('');
  const [detail, setDetail] = useState('');
  return (
    <StepForm
      title="Report an eligibility change"
      note={
        <>
          <strong>Reporting a change suspends the officer at once.</strong> The officer may not act under
          287(g) from that moment until ICE reinstates or revokes; ICE is notified.
        </>
      }
      submitLabel="Report the change and suspend"
      danger
      testId="eligibility-change-form"
      onDone={onDone}
      run={async () => {
        if (!reason) throw new ApiError(400, { title: 'Choose what changed.' });
        await api.officerStep(officerId, 'suspensions', { reason, detail: detail.trim() });
        return 'The change is recorded and the officer is suspended as of now. ICE has been notified.';
      }}
    >
      <SelectField
        label="What changed"
        required
        value={reason}
        onChange={(v) => setReason(v as EligibilityChange | '')}
      >
        <option value="">Choose</option>
        {ELIGIBILITY_CHANGES.map((c) => (
          <option key={c} value={c}>
            {ELIGIBILITY_CHANGE_LABELS[c]}
          </option>
        ))}
      </SelectField>
      <TextAreaField label="Details" value={detail} onChange={setDetail} />
    </StepForm>
  );
}
