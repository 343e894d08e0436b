/**
 * `/inspections`: compliance inspections of every model, WSO included (issue 8), for the program
 * office and inspectors, and for an agency's 287(g) coordinator its own agency's (read-only, but
 * for reporting a corrective action done). The overdue report comes first; then scheduling by
 * agreement version and model (ICE), the inspections listed by agreement, and for the one opened:
 * the checklist answered when the inspection is held, findings with their corrective actions,
 * each reported corrected (with the date and a note) and verified (closed) by ICE at follow-up.
 * Dates default to the server's date (`asOf`).
 */
import { type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';
import { isIceRole } from '../access.ts';
import {
  CHECKLIST_RESULTS,
  type ChecklistResult,
  type Finding,
  type Inspection,
  type InspectionOverdueReason,
  inspectionsApi,
  type OverdueInspection,
} from '../api/oversight.ts';
import { ApiError, api, type MoaSummary, type MoaVersion, type Model } from '../api.ts';
import { SignedIn, useSignOutOnUnauthorized } from '../components/auth.tsx';
import { DateText, ErrorMessage, Loading, ModelAbbr, SuccessMessage } from '../components/common.tsx';
import { DateField, Fact, HeadRow, InputField, SelectField, TextAreaField } from '../components/fields.tsx';
import { StepForm, toApiError } from '../components/StepForm.tsx';
import { todayUtc } from '../format.ts';
import { useApi, useDocumentTitle, useResource } from '../hooks.ts';

const REASON_LABEL: Record<InspectionOverdueReason, string> = {
  inspection_not_held: 'Not held by its due date',
  follow_up_open: 'Findings open after the follow-up date',
};
const RESULT_LABEL: Record<ChecklistResult | 'pending', string> = {
  met: 'Met',
  not_met: 'Not met',
  not_applicable: 'Not applicable',
  pending: 'Not yet answered',
};
const FINDING_LABEL: Record<Finding['status'], string> = {
  open: 'Open',
  corrected: 'Corrected, awaiting verification',
  verified: 'Verified (closed)',
};

type Names = Map<string, MoaSummary>;
const NO_VERSIONS: MoaVersion[] = [];
const agreementName = (names: Names, moaId: string, agencyId: string) => {
  const m = names.get(moaId);
  return m ? `${m.agencyName} (${m.state})` : `Agency ${agencyId.slice(0, 8)}`;
};

/**
 * A data table whose scroll box is a labelled, focusable region: on a phone a wide table scrolls
 * inside it, and the keyboard must reach it (axe: scrollable-region-focusable).
 */
export function RegionTable({
  testId,
  caption,
  columns,
  children,
}: {
  testId: string;
  caption: string;
  columns: string[];
  children: ReactNode;
}) {
  const id = useId();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
    <section className="table-scroll" aria-labelledby={id} tabIndex={0}>
      <table className="data-table" data-testid={testId}>
        <caption id={id} className="visually-hidden">
          {caption}
        </caption>
        <HeadRow columns={columns} />
        <tbody>{children}</tbody>
      </table>
    </section>
  );
}

export function InspectionsPage() {
  useDocumentTitle('Compliance inspections');
  return (
    <SignedIn title="Compliance inspections" area="inspections">
      {(user) => <Inspections manage={isIceRole(user.role)} />}
    </SignedIn>
  );
}

/** `manage`: ICE schedules, records and verifies; an agency's coordinator reads and reports corrections. */
function Inspections({ manage }: { manage: boolean }) {
  const list = useResource((signal) => inspectionsApi.list({}, { signal }), []);
  const overdue = useResource((signal) => inspectionsApi.overdue({ signal }), []);
  const moas = useApi((signal) => api.moas({}, { signal }), []);
  const [message, setMessage] = useState<{ id: number; text: string } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  useSignOutOnUnauthorized(list.error, overdue.error, moas.error);

  const names: Names = useMemo(() => new Map((moas.data?.items ?? []).map((m) => [m.moaId, m])), [moas.data]);
  const asOf = list.data?.asOf ?? todayUtc();
  const done = (text: string) => {
    setMessage({ id: Date.now(), text });
    list.reload();
    overdue.reload();
  };
  const open = list.data?.items.find((i) => i.inspectionId === selected) ?? null;

  return (
    <>
      <div className="page-head">
        <h1>Compliance inspections</h1>
        {manage ? (
          <p className="lede">
            Inspections of every agreement version and model, WSO included: schedule one, answer its checklist
            when it is held, record findings with corrective actions, and verify each at follow-up.
          </p>
        ) : (
          <p className="lede">
            ICE’s compliance inspections of your agency: when each is due, the checklist results, the findings
            and their corrective actions. Report a corrective action done here; ICE verifies it at follow-up.
          </p>
        )}
      </div>
      {message ? (
        <SuccessMessage key={message.id} testId="inspections-message">
          {message.text}
        </SuccessMessage>
      ) : null}

      <section className="section" aria-labelledby="overdue-heading">
        <h2 id="overdue-heading">Overdue inspections</h2>
        {overdue.status === 'error' && overdue.error ? (
          <ErrorMessage error={overdue.error} context="Overdue report" />
        ) : null}
        {overdue.data ? (
          <OverdueReport items={overdue.data.items} asOf={overdue.data.asOf} names={names} />
        ) : overdue.status === 'loading' ? (
          <Loading label="Loading the overdue report…" />
        ) : null}
      </section>

      {manage ? (
        <section className="section" aria-labelledby="schedule-heading">
          <h2 id="schedule-heading">Schedule an inspection</h2>
          <ScheduleForm moas={moas.data?.items ?? []} asOf={asOf} onDone={done} />
        </section>
      ) : null}

      <section className="section" aria-labelledby="list-heading">
        <h2 id="list-heading">Inspections by agreement</h2>
        {list.status === 'error' && list.error ? (
          <ErrorMessage error={list.error} context="Inspections" />
        ) : null}
        {list.status === 'loading' && !list.data ? <Loading label="Loading inspections…" /> : null}
        {list.data ? (
          <InspectionList items={list.data.items} names={names} selected={selected} onOpen={setSelected} />
        ) : null}
      </section>

      {open ? (
        <InspectionDetail
          key={open.inspectionId}
          inspection={open}
          name={agreementName(names, open.moaId, open.agencyId)}
          asOf={asOf}
          manage={manage}
          onDone={done}
        />
      ) : null}
    </>
  );
}

function OverdueReport({ items, asOf, names }: { items: OverdueInspection[]; asOf: string; names: Names }) {
  if (items.length === 0)
    return (
      <p className="muted" data-testid="overdue-inspections">
        No inspection is overdue as of <DateText value={asOf} />.
      </p>
    );
  return (
    <div className="notice notice-warn" data-testid="overdue-inspections">
      <p className="notice-title">
        {items.length === 1 ? 'One inspection is overdue' : `${items.length} inspections are overdue`} as of{' '}
        <DateText value={asOf} />
      </p>
      <RegionTable
        testId="overdue-table"
        caption="Overdue inspections, longest overdue first"
        columns={['Agency', 'Agreement version', 'Model', 'Reason', 'Date passed', 'Days overdue']}
      >
        {items.map((i) => (
          <tr key={i.inspectionId} data-inspection-id={i.inspectionId}>
            <th scope="row">{agreementName(names, i.moaId, i.agencyId)}</th>
            <td>Version {i.moaVersion}</td>
            <td>
              <ModelAbbr model={i.model} />
            </td>
            <td>
              {REASON_LABEL[i.reason]}
              {i.reason === 'follow_up_open' ? ` (${i.openFindings} open)` : ''}
            </td>
            <td>
              <DateText value={i.reason === 'follow_up_open' ? i.followUpDueOn : i.dueOn} />
            </td>
            <td className="num">{i.daysOverdue}</td>
          </tr>
        ))}
      </RegionTable>
    </div>
  );
}

function ScheduleForm({
  moas,
  asOf,
  onDone,
}: {
  moas: MoaSummary[];
  asOf: string;
  onDone: (message: string) => void;
}) {
  const [moaId, setMoaId] = useState('');
  const [version, setVersion] = useState('');
  const [model, setModel] = useState<Model | ''>('');
  const [dueOn, setDueOn] = useState('');
  const [checklist, setChecklist] = useState('');
  const detail = useApi((signal) => api.moa(moaId, { signal }), [moaId], moaId !== '');
  const versions = moaId && detail.status === 'success' ? detail.data.versions : NO_VERSIONS;
  const chosen = versions.find((v) => String(v.version) === version);

  // A new agreement: preselect its current version; a new version: its only model, if one.
  useEffect(() => {
    const current = versions.find((v) => v.statusNow === 'active') ?? versions.at(-1);
    setVersion(current ? String(current.version) : '');
  }, [versions]);
  useEffect(() => {
    setModel(chosen && chosen.models.length === 1 ? (chosen.models[0] ?? '') : '');
  }, [chosen]);

  const sorted = [...moas].sort((a, b) => a.agencyName.localeCompare(b.agencyName));
  return (
    <StepForm
      title="New inspection"
      testId="form-schedule-inspection"
      note="Choose the agreement, the version to inspect against and the model. Leave the checklist empty for the standard one."
      submitLabel="Schedule the inspection"
      run={async () => {
        if (!model) throw new ApiError(400, { title: 'Choose the model to inspect.' });
        const items = checklist
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean);
        await inspectionsApi.schedule({
          moaId,
          moaVersion: Number(version),
          model,
          dueOn,
          ...(items.length > 0 ? { checklist: items } : {}),
        });
        return `Inspection scheduled, due ${dueOn}.`;
      }}
      onDone={(text) => {
        setDueOn('');
        setChecklist('');
        onDone(text);
      }}
    >
      <SelectField label="Agreement" required value={moaId} onChange={setMoaId}>
        <option value="">Choose an agreement</option>
        {sorted.map((m) => (
          <option key={m.moaId} value={m.moaId}>
            {m.agencyName} ({m.state}) — {m.title}
          </option>
        ))}
      </SelectField>
      {detail.status === 'error' && moaId ? <ErrorMessage error={detail.error} context="Agreement" /> : null}
      <div className="form-row">
        <SelectField label="Agreement version" required value={version} onChange={setVersion}>
          <option value="">{moaId ? 'Choose a version' : 'Choose an agreement first'}</option>
          {versions.map((v) => (
            <option key={v.version} value={String(v.version)}>
              Version {v.version} ({v.statusNow}, from {v.effective.slice(0, 10)})
            </option>
          ))}
        </SelectField>
        <SelectField label="Model" required value={model} onChange={(v) => setModel(v as Model | '')}>
          <option value="">{chosen ? 'Choose a model' : 'Choose a version first'}</option>
          {(chosen?.models ?? []).map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </SelectField>
        <InputField label="Due date" type="date" required min={asOf} value={dueOn} onChange={setDueOn} />
      </div>
      <TextAreaField
        label="Checklist (one item a line; optional)"
        required={false}
        rows={4}
        maxLength={20_000}
        value={checklist}
        onChange={setChecklist}
      />
    </StepForm>
  );
}

function InspectionList({
  items,
  names,
  selected,
  onOpen,
}: {
  items: Inspection[];
  names: Names;
  selected: string | null;
  onOpen: (inspectionId: string) => void;
}) {
  if (items.length === 0)
    return (
      <p className="muted" data-testid="inspections-table">
        No inspection is scheduled.
      </p>
    );
  const sorted = [...items].sort(
    (a, b) =>
      agreementName(names, a.moaId, a.agencyId).localeCompare(agreementName(names, b.moaId, b.agencyId)) ||
      a.moaVersion - b.moaVersion ||
      a.dueOn.localeCompare(b.dueOn),
  );
  // Buttons in tables carry their context as aria-label: a visually hidden span (position:
  // absolute) would escape the table's scroll box and widen the page on a phone.
  return (
    <RegionTable
      testId="inspections-table"
      caption="Inspections by agreement, then version and due date"
      columns={['Agency', 'Version', 'Model', 'Due', 'Status', 'Findings', 'Details']}
    >
      {sorted.map((i) => {
        const open = i.findings.filter((f) => f.status !== 'verified').length;
        const name = agreementName(names, i.moaId, i.agencyId);
        return (
          <tr key={i.inspectionId} data-inspection-id={i.inspectionId}>
            <th scope="row">{name}</th>
            <td>{i.moaVersion}</td>
            <td>
              <ModelAbbr model={i.model} />
            </td>
            <td>
              <DateText value={i.dueOn} />
            </td>
            <td data-field="status">
              {i.status === 'completed' ? 'Held' : 'Scheduled'}
              {i.completedOn ? (
                <>
                  {' '}
                  <DateText value={i.completedOn} />
                </>
              ) : null}
              {i.overdue ? (
                <>
                  {' '}
                  <span className="badge badge-sla-overdue">Overdue {i.overdue.daysOverdue} days</span>
                </>
              ) : null}
            </td>
            <td data-field="findings">
              {i.findings.length === 0 ? 'None' : `${open} open of ${i.findings.length}`}
            </td>
            <td>
              <button
                type="button"
                className="button button-secondary"
                aria-expanded={selected === i.inspectionId}
                aria-label={`Open the ${i.model} inspection of ${name} due ${i.dueOn}`}
                onClick={() => onOpen(i.inspectionId)}
              >
                Open
              </button>
            </td>
          </tr>
        );
      })}
    </RegionTable>
  );
}

function InspectionDetail({
  inspection,
  name,
  asOf,
  manage,
  onDone,
}: {
  inspection: Inspection;
  name: string;
  asOf: string;
  manage: boolean;
  onDone: (message: string) => void;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const title = `${inspection.model} inspection of ${name}, version ${inspection.moaVersion}`;
  return (
    <section className="section panel" aria-labelledby="inspection-heading" data-testid="inspection-detail">
      <h2 id="inspection-heading" ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      <dl className="facts">
        <Fact term="Due">
          <DateText value={inspection.dueOn} />
        </Fact>
        <Fact term="Status">{inspection.status === 'completed' ? 'Held' : 'Scheduled'}</Fact>
        <Fact term="Held on">
          <DateText value={inspection.completedOn} />
        </Fact>
        <Fact term="Follow-up due">
          <DateText value={inspection.followUpDueOn} />
        </Fact>
      </dl>
      {inspection.status === 'completed' ? (
        <>
          <h3>Checklist</h3>
          <ul className="plain-list" data-testid="checklist-results">
            {inspection.checklist.map((c) => (
              <li key={c.item}>
                <strong>{RESULT_LABEL[c.result]}</strong>: {c.item}
                {c.note ? <span className="muted"> — {c.note}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : manage ? (
        <CompletionForm inspection={inspection} asOf={asOf} onDone={onDone} />
      ) : (
        <p className="muted" data-testid="checklist-results">
          Not yet held: the checklist is answered when ICE holds the inspection.
        </p>
      )}
      <h3>Findings</h3>
      <FindingsTable inspection={inspection} asOf={asOf} manage={manage} onDone={onDone} />
      {manage ? <FindingForm inspectionId={inspection.inspectionId} asOf={asOf} onDone={onDone} /> : null}
    </section>
  );
}

function CompletionForm({
  inspection,
  asOf,
  onDone,
}: {
  inspection: Inspection;
  asOf: string;
  onDone: (message: string) => void;
}) {
  const id = useId();
  const [completedOn, setCompletedOn] = useState(asOf);
  const [followUp, setFollowUp] = useState('');
  const [answers, setAnswers] = useState<Record<string, { result: ChecklistResult | ''; note: string }>>(() =>
    Object.fromEntries(inspection.checklist.map((c) => [c.item, { result: '', note: '' }])),
  );
  const anyNotMet = Object.values(answers).some((a) => a.result === 'not_met');
  const set = (item: string, patch: Partial<{ result: ChecklistResult; note: string }>) =>
    setAnswers((prev) => ({ ...prev, [item]: { result: '', note: '', ...prev[item], ...patch } }));
  return (
    <StepForm
      title="Record the inspection as held"
      testId="form-complete-inspection"
      note="Answer every checklist item. An item not met needs a follow-up date."
      submitLabel="Record the inspection"
      run={async () => {
        const results = inspection.checklist.map((c) => {
          const a = answers[c.item];
          if (!a?.result) throw new ApiError(400, { title: `Answer the item: ${c.item}` });
          return { item: c.item, result: a.result, note: a.note.trim() || null };
        });
        await inspectionsApi.complete(inspection.inspectionId, {
          completedOn,
          followUpDueOn: followUp || null,
          results,
        });
        return `Inspection recorded as held on ${completedOn}.`;
      }}
      onDone={onDone}
    >
      <fieldset className="checklist">
        <legend>Checklist</legend>
        {inspection.checklist.map((c, n) => (
          <fieldset key={c.item} className="checklist-item" data-item={c.item}>
            <legend>{c.item}</legend>
            <div className="form-row">
              <fieldset className="choice-group choice-inline">
                <legend>Result</legend>
                {CHECKLIST_RESULTS.map((r) => (
                  <label key={r} className="choice">
                    <input
                      type="radio"
                      name={`${id}-item-${n}`}
                      value={r}
                      required
                      checked={answers[c.item]?.result === r}
                      onChange={() => set(c.item, { result: r })}
                    />
                    {RESULT_LABEL[r]}
                  </label>
                ))}
              </fieldset>
              <InputField
                label="Note"
                className="field-grow"
                maxLength={2000}
                value={answers[c.item]?.note ?? ''}
                onChange={(note) => set(c.item, { note })}
              />
            </div>
          </fieldset>
        ))}
      </fieldset>
      <div className="form-row">
        <DateField label="Date held" max={asOf} value={completedOn} onChange={setCompletedOn} />
        <InputField
          label={anyNotMet ? 'Follow-up visit due' : 'Follow-up visit due (if needed)'}
          type="date"
          required={anyNotMet}
          min={completedOn || undefined}
          value={followUp}
          onChange={setFollowUp}
        />
      </div>
    </StepForm>
  );
}

function FindingForm({
  inspectionId,
  asOf,
  onDone,
}: {
  inspectionId: string;
  asOf: string;
  onDone: (message: string) => void;
}) {
  const [summary, setSummary] = useState('');
  const [clauseId, setClauseId] = useState('');
  const [action, setAction] = useState('');
  const [due, setDue] = useState('');
  return (
    <StepForm
      title="Record a finding"
      testId="form-record-finding"
      note="A corrective action needs a due date."
      submitLabel="Record the finding"
      run={async () => {
        await inspectionsApi.recordFinding(inspectionId, {
          summary,
          clauseId: clauseId.trim() || null,
          correctiveAction: action.trim() || null,
          correctiveDueOn: due || null,
        });
        return 'Finding recorded.';
      }}
      onDone={(text) => {
        setSummary('');
        setClauseId('');
        setAction('');
        setDue('');
        onDone(text);
      }}
    >
      <TextAreaField label="Finding" maxLength={4000} value={summary} onChange={setSummary} />
      <InputField
        label="Agreement clause (optional)"
        maxLength={60}
        value={clauseId}
        onChange={setClauseId}
      />
      <TextAreaField
        label="Corrective action (optional)"
        required={false}
        maxLength={4000}
        value={action}
        onChange={setAction}
      />
      <InputField
        label={action.trim() ? 'Corrective action due' : 'Corrective action due (with an action)'}
        type="date"
        required={action.trim() !== ''}
        min={asOf}
        value={due}
        onChange={setDue}
      />
    </StepForm>
  );
}

function FindingsTable({
  inspection,
  asOf,
  manage,
  onDone,
}: {
  inspection: Inspection;
  asOf: string;
  manage: boolean;
  onDone: (message: string) => void;
}) {
  const [error, setError] = useState<ApiError | null>(null);
  const [correcting, setCorrecting] = useState<string | null>(null);
  useSignOutOnUnauthorized(error);
  if (inspection.findings.length === 0)
    return (
      <p className="muted" data-testid="findings-table">
        No finding recorded.
      </p>
    );
  const verify = async (f: Finding) => {
    setError(null);
    try {
      await inspectionsApi.updateFinding(inspection.inspectionId, f.findingId, {
        status: 'verified',
        on: asOf,
      });
      onDone('Finding verified and closed.');
    } catch (cause) {
      setError(toApiError(cause, 'The finding was not updated'));
    }
  };
  const number = (f: Finding) => inspection.findings.indexOf(f) + 1;
  const chosen = inspection.findings.find((f) => f.findingId === correcting && f.status === 'open') ?? null;
  return (
    <>
      {error ? <ErrorMessage error={error} context="Finding" /> : null}
      <RegionTable
        testId="findings-table"
        caption="Findings of this inspection"
        columns={['Finding', 'Clause', 'Corrective action', 'Due', 'Status', 'Follow-up']}
      >
        {inspection.findings.map((f, n) => (
          <tr key={f.findingId} data-finding-id={f.findingId}>
            <th scope="row" className="pre-line">
              {f.summary}
            </th>
            <td>{f.clauseId ?? '—'}</td>
            <td className="pre-line">{f.correctiveAction ?? '—'}</td>
            <td>
              <DateText value={f.correctiveDueOn} />
            </td>
            <td>
              <span data-field="status">
                {FINDING_LABEL[f.status]}
                {f.verifiedOn ? (
                  <>
                    {' '}
                    <DateText value={f.verifiedOn} />
                  </>
                ) : null}
              </span>
              {f.correctedOn ? (
                <span className="muted pre-line" data-field="correction">
                  {' '}
                  (corrected <DateText value={f.correctedOn} />
                  {f.correctedNote ? `: ${f.correctedNote}` : ''})
                </span>
              ) : null}
            </td>
            <td>
              {f.status === 'verified' || (f.status === 'corrected' && !manage) ? (
                <span className="muted">—</span>
              ) : (
                <div className="button-row">
                  {f.status === 'open' ? (
                    <button
                      type="button"
                      className="button button-secondary"
                      aria-expanded={correcting === f.findingId}
                      aria-label={`Report corrected (finding ${n + 1})`}
                      onClick={() => setCorrecting(f.findingId)}
                    >
                      Report corrected
                    </button>
                  ) : null}
                  {manage ? (
                    <button
                      type="button"
                      className="button button-secondary"
                      aria-label={`Verify and close (finding ${n + 1})`}
                      onClick={() => verify(f)}
                    >
                      Verify and close
                    </button>
                  ) : null}
                </div>
              )}
            </td>
          </tr>
        ))}
      </RegionTable>
      {chosen ? (
        <CorrectionForm
          key={chosen.findingId}
          inspectionId={inspection.inspectionId}
          finding={chosen}
          number={number(chosen)}
          asOf={asOf}
          onDone={(text) => {
            setCorrecting(null);
            onDone(text);
          }}
        />
      ) : null}
    </>
  );
}

/** The corrective action of one finding reported done: the date and an optional note. */
function CorrectionForm({
  inspectionId,
  finding,
  number,
  asOf,
  onDone,
}: {
  inspectionId: string;
  finding: Finding;
  number: number;
  asOf: string;
  onDone: (message: string) => void;
}) {
  const [on, setOn] = useState(asOf);
  const [note, setNote] = useState('');
  return (
    <StepForm
      title={`Report the corrective action of finding ${number} done`}
      testId="form-report-correction"
      note={finding.correctiveAction ? `Corrective action: ${finding.correctiveAction}` : undefined}
      submitLabel="Report corrected"
      run={async () => {
        await inspectionsApi.updateFinding(inspectionId, finding.findingId, {
          status: 'corrected',
          on,
          note: note.trim() || null,
        });
        return 'Finding marked corrected.';
      }}
      onDone={onDone}
    >
      <DateField label="Date corrected" max={asOf} value={on} onChange={setOn} />
      <TextAreaField
        label="What was done (optional)"
        required={false}
        rows={3}
        maxLength={2000}
        value={note}
        onChange={setNote}
      />
    </StepForm>
  );
}
