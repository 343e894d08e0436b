/**
 * The top of the case page and its record: who and what the case is about, its status, priority
 * and the explanation, hard stops in a red banner (rule id and citation), the hold clock while a
 * hold runs, then the timeline, tasks, system queries and the stored forms (PDF links).
 */
import { type CaseDetail, caseDocumentUrl, type User } from '../../api.ts';
import { formatTimestamp, ROLE_LABELS } from '../../format.ts';
import { DateText } from '../common.tsx';
import { DataTable, Fact } from '../fields.tsx';
import {
  ADVISAL_LABELS,
  BASIS_LABELS,
  HoldClock,
  label,
  OUTCOME_LABELS,
  personLabel,
  QUERY_STATE_LABELS,
  SYSTEM_LABELS,
  TierBadge,
} from './shared.tsx';

const Time = ({ value }: { value: string | null | undefined }) =>
  value ? <time dateTime={value}>{formatTimestamp(value)}</time> : <span className="muted">—</span>;

export function subjectName(detail: CaseDetail): string {
  const p = detail.booking.person;
  return [p.lastName, [p.firstName, p.middleName].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

export function CaseHeader({
  detail,
  user,
  names,
}: {
  detail: CaseDetail;
  user: User;
  names: Map<string, string>;
}) {
  const { case: c, booking, subject, hold, stops } = detail;
  return (
    <>
      <h1 data-testid="case-title">
        Case {c.caseNumber}: {subjectName(detail)}
      </h1>
      {stops.length > 0 ? (
        <div className="hard-stop" data-testid="hard-stops">
          <p className="hard-stop-title">Hard stop: the case may not proceed</p>
          <ul>
            {stops.map((s) => (
              <li key={s.ruleId}>
                <strong>{s.label}</strong> · rule <code>{s.ruleId}</code> · {s.citation}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {hold ? <HoldClock key={hold.endsAt} endsAt={hold.endsAt} msAtLoad={hold.ms} /> : null}
      <dl className="facts case-facts">
        <div>
          <dt>Status</dt>
          <dd data-testid="case-status" data-status={c.status}>
            <span className={`badge badge-case badge-case-${c.status}`}>{c.statusLabel}</span>
            {c.outcome ? <span className="small"> {label(OUTCOME_LABELS, c.outcome)}</span> : null}
          </dd>
        </div>
        <div>
          <dt>Priority</dt>
          <dd data-testid="case-priority">
            <TierBadge tier={c.tier} /> <span className="priority-explanation">{c.priorityExplanation}</span>
            <span className="muted small block">Policy {c.priorityPolicyVersion}</span>
          </dd>
        </div>
        <Fact term="Booking">
          {booking.bookingNumber} at {booking.facilityCode}, booked <Time value={booking.bookedAt} />
        </Fact>
        <Fact term="Date of birth">{booking.person.dob ?? '—'}</Fact>
        <Fact term="Expected release">
          <Time value={booking.expectedReleaseAt} />
        </Fact>
        {booking.releasedAt ? (
          <Fact term="Would otherwise be released">
            <Time value={booking.releasedAt} /> ({(booking.releaseReason ?? '').replaceAll('_', ' ')})
          </Fact>
        ) : null}
        <Fact term="Assigned to">{personLabel(c.assignedTo, user, names)}</Fact>
        {subject ? (
          <Fact term="Identifiers">
            {[
              subject.aNumber ? `A-number ${subject.aNumber}` : null,
              subject.fin ? `FIN ${subject.fin}` : null,
              subject.fbiNumber ? `FBI ${subject.fbiNumber}` : null,
            ]
              .filter(Boolean)
              .join(' · ') || 'None on record'}
          </Fact>
        ) : null}
      </dl>
      <div className="charges">
        <h2 className="visually-hidden">Charges</h2>
        <p className="small">
          <strong>Charges:</strong>{' '}
          {booking.charges.map((ch) => `${ch.description} (NCIC ${ch.ncic}, ${ch.level})`).join('; ') ||
            'None'}
        </p>
      </div>
    </>
  );
}

/** What each step recorded, for the person taking the next one. */
export function CaseRecordSection({ detail }: { detail: CaseDetail }) {
  const r = detail.case.record;
  const returned = r.i213?.reviews.at(-1)?.decision === 'returned' ? r.i213.reviews.at(-1) : undefined;
  if (!r.interview && !r.determination && !r.i213 && !r.detainer && !r.citizenship) return null;
  return (
    <section className="section" aria-labelledby="record-heading">
      <h2 id="record-heading">Record</h2>
      <dl className="facts facts-stacked" data-testid="case-record">
        {r.interview ? (
          <Fact term="Interview">
            {r.interview.primaryLanguage}; English {r.interview.englishProficiency}
            {r.interview.interpreter
              ? `; interpreter ${r.interview.interpreter.name} (${r.interview.interpreter.method.replace('_', ' ')})`
              : ''}
            . Advised: {r.interview.advisals.map((a) => label(ADVISAL_LABELS, a).toLowerCase()).join(', ')}.
            {r.interview.consular.mandatory
              ? ' Consular notification mandatory (8 CFR 236.1(e)).'
              : r.interview.consular.subjectChoice
                ? ` Consular notification ${r.interview.consular.subjectChoice}.`
                : ''}
            {r.interview.swornStatement ? ' Sworn statement taken under oath.' : ''}
          </Fact>
        ) : null}
        {r.determination ? (
          <Fact term="Determination">
            {r.determination.outcome.replaceAll('_', ' ')}: {r.determination.reason}
          </Fact>
        ) : null}
        {r.i213 ? (
          <Fact term="I-213 narrative">
            <span className="pre-line">{r.i213.narrative}</span>
          </Fact>
        ) : null}
        {returned ? (
          <Fact term="Returned by ICE">
            <span data-testid="i213-returned">{returned.reasons}</span>
          </Fact>
        ) : null}
        {r.charging ? (
          <Fact term="Charging document">
            {r.charging.form}
            {r.charging.warrantlessArrest ? ' (warrantless arrest)' : ''}:{' '}
            {r.charging.signedAt ? 'signed by ICE' : 'drafted, awaiting ICE signature'}
          </Fact>
        ) : null}
        {r.warrant ? (
          <Fact term="Warrant">
            {r.warrant.form} {r.warrant.number}, signed <Time value={r.warrant.signedAt} />
          </Fact>
        ) : null}
        {r.detainer ? (
          <Fact term="Detainer (I-247A)">
            {label(BASIS_LABELS, r.detainer.basis)}: {r.detainer.basisNarrative}
            {r.detainer.served
              ? ` Served ${formatTimestamp(r.detainer.served.at)} (${r.detainer.served.language}).`
              : r.detainer.approvedAt
                ? ' Approved by ICE; not yet served.'
                : ' Awaiting ICE approval.'}
          </Fact>
        ) : null}
        {r.citizenship ? (
          <Fact term="Citizenship review">
            {r.citizenship.source === 'claim' ? 'Claim' : 'Indicia'}: {r.citizenship.statement}
            {r.citizenship.resolution
              ? ` Resolved: ${r.citizenship.resolution.finding === 'citizen' ? 'U.S. citizen' : 'not a U.S. citizen'}.`
              : ' Open.'}
          </Fact>
        ) : null}
      </dl>
    </section>
  );
}

export function CaseTimeline({ detail, user }: { detail: CaseDetail; user: User }) {
  return (
    <section className="section" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <ol className="timeline" data-testid="case-timeline">
        {detail.events.map((e) => (
          <li key={e.seq} className="timeline-entry" data-kind={e.kind}>
            <Time value={e.at} />{' '}
            <span className="timeline-actor">
              {e.actorId === user.userId
                ? 'You'
                : e.actorRole
                  ? (ROLE_LABELS[e.actorRole] ?? e.actorRole)
                  : e.actorId.replace(/^operator:/, 'System: ')}
            </span>
            <span className="timeline-summary">{e.summary}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function CaseTasks({ detail }: { detail: CaseDetail }) {
  return (
    <section className="section" aria-labelledby="tasks-heading">
      <h2 id="tasks-heading">Tasks</h2>
      {detail.tasks.length === 0 ? (
        <p className="muted">No task on this case.</p>
      ) : (
        <DataTable
          testId="case-tasks"
          caption="Tasks on this case"
          columns={['Task', 'For', 'Status', 'Due']}
        >
          {detail.tasks.map((t) => (
            <tr key={t.taskId} data-kind={t.kind}>
              <th scope="row">{t.title}</th>
              <td>{ROLE_LABELS[t.recipientRole] ?? t.recipientRole}</td>
              <td>{t.status === 'open' ? 'Open' : `Done ${formatTimestamp(t.doneAt)}`}</td>
              <td>
                <Time value={t.dueAt} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

export function CaseQueries({ detail }: { detail: CaseDetail }) {
  return (
    <section className="section" aria-labelledby="queries-heading">
      <h2 id="queries-heading">System queries</h2>
      {detail.queries.length === 0 ? (
        <p className="muted">No database check has been requested.</p>
      ) : (
        <DataTable
          testId="case-queries"
          caption="Queries to outside systems, with their state"
          columns={[
            'System',
            'Purpose',
            'State',
            { label: 'Attempts', className: 'num' },
            'Answer',
            'Requested',
          ]}
        >
          {detail.queries.map((q) => (
            <tr key={q.queryId} data-system={q.system} data-state={q.state}>
              <th scope="row">{label(SYSTEM_LABELS, q.system)}</th>
              <td>{q.purpose}</td>
              <td>
                <span className={`badge badge-query-${q.state}`}>{label(QUERY_STATE_LABELS, q.state)}</span>
                {q.state === 'attempted' && q.retryAt ? (
                  <span className="muted small block">Retry at {formatTimestamp(q.retryAt)}</span>
                ) : null}
              </td>
              <td className="num">{q.attempts}</td>
              <td>{q.summary ?? q.lastError ?? <span className="muted">—</span>}</td>
              <td>
                <Time value={q.requestedAt} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

export function CaseDocuments({ detail }: { detail: CaseDetail }) {
  return (
    <section className="section" aria-labelledby="documents-heading">
      <h2 id="documents-heading">Documents</h2>
      {detail.documents.length === 0 ? (
        <p className="muted">No form has been generated yet.</p>
      ) : (
        <DataTable
          testId="case-documents"
          caption="Generated forms, each stored with its SHA-256"
          columns={['Form', { label: 'Version', className: 'num' }, 'Generated', 'SHA-256', 'Reason', 'File']}
        >
          {detail.documents.map((d) => (
            <tr key={d.documentId} data-form={d.form}>
              <th scope="row">{d.form}</th>
              <td className="num">{d.version}</td>
              <td>
                <DateText value={d.createdAt} />{' '}
                <span className="muted small">{formatTimestamp(d.createdAt).slice(11)}</span>
              </td>
              <td>
                <code title={d.sha256}>{d.sha256.slice(0, 12)}…</code>
              </td>
              <td>{d.reason ?? <span className="muted">—</span>}</td>
              <td>
                <a
                  href={caseDocumentUrl(detail.case.caseId, d.documentId)}
                  target="_blank"
                  rel="noopener noreferrer"
                >
                  PDF
                  <span className="visually-hidden">
                    {' '}
                    of {d.form} version {d.version} (opens in a new tab)
                  </span>
                </a>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
