/**
 * `/committees`: steering committees per agreement in force (issue 8), for the program office
 * (every agency) and an agency's 287(g) coordinator (its own). Overdue warnings come first (a
 * scheduled meeting passed without minutes, or none held within the interval); then each
 * agreement's meetings; for the one opened: schedule a meeting, record a held one with its
 * attendees, minutes and action items, and mark each action item done (the date and a note) or
 * reopen it. An item done is never past due. Dates default to the server's date (`asOf`).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  type ActionItem,
  type Committee,
  type CommitteeWarningReason,
  committeesApi,
  type Meeting,
} from '../api/oversight.ts';
import { api, type MoaSummary } from '../api.ts';
import { SignedIn, useSignOutOnUnauthorized } from '../components/auth.tsx';
import { DateText, ErrorMessage, Loading, SuccessMessage } from '../components/common.tsx';
import { DateField, InputField, TextAreaField } from '../components/fields.tsx';
import { StepForm } from '../components/StepForm.tsx';
import { todayUtc } from '../format.ts';
import { useApi, useDocumentTitle, useResource } from '../hooks.ts';
import { RegionTable } from './InspectionsPage.tsx';

const WARNING_LABEL: Record<CommitteeWarningReason, string> = {
  meeting_not_recorded: 'A scheduled meeting passed without minutes',
  no_meeting_in_interval: 'No meeting held within the required interval',
};
const MEETING_STATUS: Record<Meeting['status'], string> = {
  scheduled: 'Scheduled',
  held: 'Held',
  cancelled: 'Cancelled',
};

type Names = Map<string, MoaSummary>;
const committeeName = (names: Names, c: Pick<Committee, 'moaId' | 'agencyId'>) => {
  const m = names.get(c.moaId);
  return m ? `${m.agencyName} (${m.state})` : `Agency ${c.agencyId.slice(0, 8)}`;
};

export function CommitteesPage() {
  useDocumentTitle('Steering committees');
  return (
    <SignedIn title="Steering committees" area="committees">
      {() => <Committees />}
    </SignedIn>
  );
}

function Committees() {
  const report = useResource((signal) => committeesApi.report({}, { signal }), []);
  const moas = useApi((signal) => api.moas({}, { signal }), []);
  const [message, setMessage] = useState<{ id: number; text: string } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  useSignOutOnUnauthorized(report.error, moas.error);
  const names: Names = useMemo(() => new Map((moas.data?.items ?? []).map((m) => [m.moaId, m])), [moas.data]);

  const items = report.data?.items ?? [];
  const asOf = report.data?.asOf ?? todayUtc();
  // One agreement (an agency's coordinator, usually): open it at once.
  const only = items.length === 1 ? (items[0]?.moaId ?? null) : null;
  const open = items.find((c) => c.moaId === (selected ?? only)) ?? null;
  const warned = items.filter((c) => c.warning !== null);
  const done = (text: string) => {
    setMessage({ id: Date.now(), text });
    report.reload();
  };

  return (
    <>
      <div className="page-head">
        <h1>Steering committees</h1>
        <p className="lede">
          Each agreement in force has a steering committee of ICE and the agency. Schedule its meetings and
          record who attended, the minutes and the action items; a warning shows when a meeting is overdue.
        </p>
      </div>
      {message ? (
        <SuccessMessage key={message.id} testId="committees-message">
          {message.text}
        </SuccessMessage>
      ) : null}
      {report.status === 'error' && report.error ? (
        <ErrorMessage error={report.error} context="Steering committees" />
      ) : null}
      {report.status === 'loading' && !report.data ? <Loading label="Loading steering committees…" /> : null}
      {report.data ? (
        <>
          {warned.length > 0 ? (
            <div className="notice notice-warn" data-testid="committee-warnings">
              <p className="notice-title">
                {warned.length === 1
                  ? 'One steering committee is overdue'
                  : `${warned.length} steering committees are overdue`}{' '}
                as of <DateText value={asOf} />
              </p>
              <ul className="compact-list">
                {warned.map((c) => (
                  <li key={c.moaId} data-moa-id={c.moaId}>
                    {committeeName(names, c)}: {WARNING_LABEL[c.warning!.reason]} (since{' '}
                    <DateText value={c.warning!.since} />, {c.warning!.daysOverdue} days overdue)
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="muted" data-testid="committee-warnings">
              No steering committee is overdue as of <DateText value={asOf} />.
            </p>
          )}
          <section className="section" aria-labelledby="committees-heading">
            <h2 id="committees-heading">Committees by agreement</h2>
            <CommitteeList items={items} names={names} open={open?.moaId ?? null} onOpen={setSelected} />
          </section>
          {open ? (
            <CommitteeDetail
              key={open.moaId}
              committee={open}
              name={committeeName(names, open)}
              asOf={asOf}
              focus={selected !== null}
              onDone={done}
            />
          ) : null}
        </>
      ) : null}
    </>
  );
}

function CommitteeList({
  items,
  names,
  open,
  onOpen,
}: {
  items: Committee[];
  names: Names;
  open: string | null;
  onOpen: (moaId: string) => void;
}) {
  if (items.length === 0)
    return (
      <p className="muted" data-testid="committees-table">
        No agreement is in force.
      </p>
    );
  const sorted = [...items].sort((a, b) => committeeName(names, a).localeCompare(committeeName(names, b)));
  return (
    <RegionTable
      testId="committees-table"
      caption="Steering committees by agreement"
      columns={['Agency', 'Version in force', 'Last held', 'Next scheduled', 'Status', 'Details']}
    >
      {sorted.map((c) => {
        const held = c.meetings.filter((m) => m.status === 'held' && m.heldOn).map((m) => m.heldOn as string);
        const next = c.meetings
          .filter((m) => m.status === 'scheduled')
          .map((m) => m.scheduledOn)
          .sort()[0];
        const name = committeeName(names, c);
        return (
          <tr key={c.moaId} data-moa-id={c.moaId}>
            <th scope="row">{name}</th>
            <td>
              {c.version}, from <DateText value={c.effective} />
            </td>
            <td>
              <DateText value={held.sort().at(-1)} />
            </td>
            <td>
              <DateText value={next} />
            </td>
            <td data-field="status">
              {c.warning ? (
                <span className="badge badge-sla-overdue">Overdue {c.warning.daysOverdue} days</span>
              ) : (
                'Up to date'
              )}
              {c.overdueActions.length > 0 ? ` · ${c.overdueActions.length} action items past due` : ''}
              {c.openActions + c.doneActions > 0
                ? ` · ${c.doneActions} of ${c.openActions + c.doneActions} done`
                : ''}
            </td>
            <td>
              <button
                type="button"
                className="button button-secondary"
                aria-expanded={open === c.moaId}
                aria-label={`Open the steering committee of ${name}`}
                onClick={() => onOpen(c.moaId)}
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

function CommitteeDetail({
  committee,
  name,
  asOf,
  focus,
  onDone,
}: {
  committee: Committee;
  name: string;
  asOf: string;
  focus: boolean;
  onDone: (message: string) => void;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus once, when opened by the user.
  useEffect(() => {
    if (focus) headingRef.current?.focus();
  }, []);
  const scheduled = committee.meetings.filter((m) => m.status === 'scheduled');
  return (
    <section className="section panel" aria-labelledby="committee-heading" data-testid="committee-detail">
      <h2 id="committee-heading" ref={headingRef} tabIndex={-1}>
        Steering committee of {name}
      </h2>
      {committee.warning ? (
        <div className="notice notice-warn" data-testid="committee-warning">
          <p className="notice-title">{WARNING_LABEL[committee.warning.reason]}</p>
          <p>
            Since <DateText value={committee.warning.since} />: {committee.warning.daysOverdue} days overdue.
          </p>
        </div>
      ) : null}
      {committee.overdueActions.length > 0 ? (
        <div className="notice notice-warn" data-testid="overdue-actions">
          <p className="notice-title">Action items past due</p>
          <ul className="compact-list">
            {committee.overdueActions.map((a) => (
              <li key={a.itemId}>
                {a.summary} ({a.owner}, due <DateText value={a.dueOn} />)
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <h3>Meetings</h3>
      <MeetingsTable meetings={committee.meetings} />
      <h3>Action items</h3>
      <ActionItems meetings={committee.meetings} asOf={asOf} onDone={onDone} />
      <div className="action-grid">
        <ScheduleMeetingForm moaId={committee.moaId} asOf={asOf} onDone={onDone} />
        {scheduled.map((m) => (
          <MinutesForm key={m.meetingId} meeting={m} asOf={asOf} onDone={onDone} />
        ))}
      </div>
    </section>
  );
}

function MeetingsTable({ meetings }: { meetings: Meeting[] }) {
  if (meetings.length === 0)
    return (
      <p className="muted" data-testid="meetings-table">
        No meeting scheduled or held.
      </p>
    );
  return (
    <RegionTable
      testId="meetings-table"
      caption="Meetings of this steering committee"
      columns={['Scheduled', 'Status', 'Held', 'Attendees', 'Minutes', 'Action items']}
    >
      {meetings.map((m) => (
        <tr key={m.meetingId} data-meeting-id={m.meetingId}>
          <th scope="row">
            <DateText value={m.scheduledOn} />
          </th>
          <td data-field="status">{MEETING_STATUS[m.status]}</td>
          <td>
            <DateText value={m.heldOn} />
          </td>
          <td>
            {m.attendees.length === 0 ? (
              '—'
            ) : (
              <ul className="compact-list unbulleted">
                {m.attendees.map((a) => (
                  <li key={`${a.name}-${a.organization}`}>
                    {a.name}, {a.organization}
                  </li>
                ))}
              </ul>
            )}
          </td>
          <td className="pre-line">{m.minutes ?? '—'}</td>
          <td>
            {m.actionItems.length === 0 ? (
              '—'
            ) : (
              <ul className="compact-list unbulleted">
                {m.actionItems.map((a) => (
                  <li key={a.itemId}>
                    {a.summary} ({a.owner}
                    {a.dueOn ? `, due ${a.dueOn}` : ''}
                    {a.status === 'done' ? ', done' : ''})
                  </li>
                ))}
              </ul>
            )}
          </td>
        </tr>
      ))}
    </RegionTable>
  );
}

function ScheduleMeetingForm({
  moaId,
  asOf,
  onDone,
}: {
  moaId: string;
  asOf: string;
  onDone: (message: string) => void;
}) {
  const [on, setOn] = useState('');
  return (
    <StepForm
      title="Schedule a meeting"
      testId="form-schedule-meeting"
      submitLabel="Schedule the meeting"
      run={async () => {
        await committeesApi.schedule({ moaId, scheduledOn: on });
        return `Meeting scheduled for ${on}.`;
      }}
      onDone={(text) => {
        setOn('');
        onDone(text);
      }}
    >
      <InputField label="Meeting date" type="date" required min={asOf} value={on} onChange={setOn} />
    </StepForm>
  );
}

interface Row {
  key: number;
  a: string;
  b: string;
  c: string;
}
const blank = (key: number): Row => ({ key, a: '', b: '', c: '' });

/** Rows of inputs that grow with "Add": attendees (name, organization) or action items. */
function Rows({
  legend,
  rows,
  setRows,
  labels,
  addLabel,
  withDate,
  asOf,
}: {
  legend: string;
  rows: Row[];
  setRows: (rows: Row[]) => void;
  labels: [string, string];
  addLabel: string;
  withDate?: boolean;
  asOf: string;
}) {
  const patch = (key: number, p: Partial<Row>) =>
    setRows(rows.map((r) => (r.key === key ? { ...r, ...p } : r)));
  return (
    <fieldset className="checklist">
      <legend>{legend}</legend>
      {rows.map((r, n) => (
        <div className="form-row" key={r.key}>
          <InputField
            label={`${labels[0]} ${n + 1}`}
            className="field-grow"
            maxLength={1000}
            required={withDate ? false : n === 0}
            value={r.a}
            onChange={(a) => patch(r.key, { a })}
          />
          <InputField
            label={`${labels[1]} ${n + 1}`}
            maxLength={300}
            required={r.a.trim() !== ''}
            value={r.b}
            onChange={(b) => patch(r.key, { b })}
          />
          {withDate ? (
            <InputField
              label={`Due ${n + 1} (optional)`}
              type="date"
              min={asOf}
              value={r.c}
              onChange={(c) => patch(r.key, { c })}
            />
          ) : null}
        </div>
      ))}
      <div className="button-row">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => setRows([...rows, blank(Math.max(0, ...rows.map((r) => r.key)) + 1)])}
        >
          {addLabel}
        </button>
      </div>
    </fieldset>
  );
}

function MinutesForm({
  meeting,
  asOf,
  onDone,
}: {
  meeting: Meeting;
  asOf: string;
  onDone: (message: string) => void;
}) {
  const [heldOn, setHeldOn] = useState(meeting.scheduledOn <= asOf ? meeting.scheduledOn : asOf);
  const [attendees, setAttendees] = useState<Row[]>([blank(0), blank(1)]);
  const [minutes, setMinutes] = useState('');
  const [actions, setActions] = useState<Row[]>([blank(0)]);
  return (
    <StepForm
      title={`Record the meeting scheduled for ${meeting.scheduledOn}`}
      testId="form-record-minutes"
      note="List who attended (at least one), the minutes and any action items with their owner."
      submitLabel="Record the meeting"
      run={async () => {
        await committeesApi.recordMinutes(meeting.meetingId, {
          heldOn,
          attendees: attendees
            .filter((r) => r.a.trim())
            .map((r) => ({ name: r.a.trim(), organization: r.b.trim() })),
          minutes,
          actionItems: actions
            .filter((r) => r.a.trim())
            .map((r) => ({ summary: r.a.trim(), owner: r.b.trim(), dueOn: r.c || null })),
        });
        return `Meeting of ${heldOn} recorded.`;
      }}
      onDone={onDone}
    >
      <DateField label="Date held" max={asOf} value={heldOn} onChange={setHeldOn} />
      <Rows
        legend="Attendees"
        rows={attendees}
        setRows={setAttendees}
        labels={['Attendee name', 'Organization']}
        addLabel="Add an attendee"
        asOf={asOf}
      />
      <TextAreaField label="Minutes" rows={5} maxLength={20_000} value={minutes} onChange={setMinutes} />
      <Rows
        legend="Action items"
        rows={actions}
        setRows={setActions}
        labels={['Action item', 'Owner']}
        addLabel="Add an action item"
        withDate
        asOf={asOf}
      />
    </StepForm>
  );
}

/**
 * Every action item of the committee's held meetings: open ones first by due date, with "Mark
 * done" (the date done and a note) and, for one marked done, "Reopen" (saying why).
 */
function ActionItems({
  meetings,
  asOf,
  onDone,
}: {
  meetings: Meeting[];
  asOf: string;
  onDone: (message: string) => void;
}) {
  const [open, setOpen] = useState<{ itemId: string; step: 'done' | 'reopen' } | null>(null);
  const items = meetings
    .flatMap((m) => m.actionItems.map((a) => ({ ...a, heldOn: m.heldOn })))
    .sort(
      (a, b) =>
        Number(a.status === 'done') - Number(b.status === 'done') ||
        (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') ||
        a.seq - b.seq,
    );
  if (items.length === 0)
    return (
      <p className="muted" data-testid="action-items-table">
        No action item recorded.
      </p>
    );
  const chosen = open ? items.find((i) => i.itemId === open.itemId) : undefined;
  const finish = (text: string) => {
    setOpen(null);
    onDone(text);
  };
  return (
    <>
      <RegionTable
        testId="action-items-table"
        caption="Action items of this steering committee, open first"
        columns={['Action item', 'Owner', 'Due', 'Status', 'Step']}
      >
        {items.map((a) => {
          const pastDue = a.status === 'open' && a.dueOn !== null && a.dueOn < asOf;
          return (
            <tr key={a.itemId} data-item-id={a.itemId}>
              <th scope="row">{a.summary}</th>
              <td>{a.owner || '—'}</td>
              <td>
                <DateText value={a.dueOn} />
              </td>
              <td>
                <span data-field="status">
                  {a.status === 'done' ? (
                    <>
                      Done <DateText value={a.doneOn} />
                    </>
                  ) : pastDue ? (
                    <span className="badge badge-sla-overdue">Past due</span>
                  ) : (
                    'Open'
                  )}
                </span>
                {a.status === 'done' && a.doneByName ? (
                  <span className="muted" data-field="done-by">
                    {' '}
                    by {a.doneByName}
                  </span>
                ) : null}
                {a.status === 'done' && a.doneNote ? <span className="muted"> — {a.doneNote}</span> : null}
              </td>
              <td>
                <button
                  type="button"
                  className="button button-secondary"
                  aria-expanded={open?.itemId === a.itemId}
                  aria-label={`${a.status === 'done' ? 'Reopen' : 'Mark done'}: ${a.summary}`}
                  onClick={() => setOpen({ itemId: a.itemId, step: a.status === 'done' ? 'reopen' : 'done' })}
                >
                  {a.status === 'done' ? 'Reopen' : 'Mark done'}
                </button>
              </td>
            </tr>
          );
        })}
      </RegionTable>
      {chosen && open?.step === 'done' && chosen.status === 'open' ? (
        <MarkDoneForm key={chosen.itemId} item={chosen} heldOn={chosen.heldOn} asOf={asOf} onDone={finish} />
      ) : null}
      {chosen && open?.step === 'reopen' && chosen.status === 'done' ? (
        <ReopenForm key={chosen.itemId} item={chosen} onDone={finish} />
      ) : null}
    </>
  );
}

function MarkDoneForm({
  item,
  heldOn,
  asOf,
  onDone,
}: {
  item: ActionItem;
  heldOn: string | null;
  asOf: string;
  onDone: (message: string) => void;
}) {
  const [on, setOn] = useState(asOf);
  const [note, setNote] = useState('');
  return (
    <StepForm
      title={`Mark done: ${item.summary}`}
      testId="form-action-item-done"
      note="The date it was done (not before the meeting that set it) and, if useful, what was done."
      submitLabel="Mark done"
      run={async () => {
        await committeesApi.completeItem(item.meetingId, item.itemId, { on, note: note.trim() || null });
        return `Action item marked done on ${on}.`;
      }}
      onDone={onDone}
    >
      <InputField
        label="Date done"
        type="date"
        required
        min={heldOn ?? undefined}
        max={asOf}
        value={on}
        onChange={setOn}
      />
      <TextAreaField
        label="Note (optional)"
        required={false}
        rows={3}
        maxLength={2000}
        value={note}
        onChange={setNote}
      />
    </StepForm>
  );
}

function ReopenForm({ item, onDone }: { item: ActionItem; onDone: (message: string) => void }) {
  const [note, setNote] = useState('');
  return (
    <StepForm
      title={`Reopen: ${item.summary}`}
      testId="form-action-item-reopen"
      note="Say why the item is open again; its earlier completion stays in its history."
      submitLabel="Reopen the item"
      run={async () => {
        await committeesApi.reopenItem(item.meetingId, item.itemId, { note });
        return 'Action item reopened.';
      }}
      onDone={onDone}
    >
      <TextAreaField label="Why it is reopened" rows={3} maxLength={2000} value={note} onChange={setNote} />
    </StepForm>
  );
}
