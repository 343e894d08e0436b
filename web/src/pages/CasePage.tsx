/**
 * `/cases/:caseId`: one JEM screening case — header (subject, booking, status, priority), hard
 * stops, the hold clock while it runs, the forms for the step the case is at (for the role that
 * takes it), then the record, timeline, tasks (with the waterfall of each possible subject
 * match), system queries and stored forms.
 */
import { useState } from 'react';
import { caseworkApi, type User } from '../api.ts';
import { SignedIn, useSignOutOnUnauthorized } from '../components/auth.tsx';
import {
  CaseDocuments,
  CaseHeader,
  CaseQueries,
  CaseRecordSection,
  CaseTasks,
  CaseTimeline,
} from '../components/case/CaseSummary.tsx';
import { CaseActions } from '../components/case/StepForms.tsx';
import { useOfficerNames } from '../components/case/shared.tsx';
import { FieldCaseHeader, isFieldCase } from '../components/case/TfmForms.tsx';
import { ErrorMessage, Loading, SuccessMessage } from '../components/common.tsx';
import { MatchReviews } from '../components/MatchWaterfall.tsx';
import { useDocumentTitle, useResource } from '../hooks.ts';
import { Link } from '../router.tsx';

export function CasePage({ caseId }: { caseId: string }) {
  return (
    <SignedIn title="Case" area="cases">
      {(user) => <CaseView caseId={caseId} user={user} />}
    </SignedIn>
  );
}

function backLink(role: string): { to: string; label: string } {
  if (role === 'ice_supervisor' || role === 'program_office') return { to: '/review', label: 'Review queue' };
  if (role === 'lea_admin') return { to: '/jail', label: 'Detainers and clocks' };
  return { to: '/screening', label: 'Screening queue' };
}

function CaseView({ caseId, user }: { caseId: string; user: User }) {
  const record = useResource((signal) => caseworkApi.case(caseId, { signal }), [caseId]);
  useSignOutOnUnauthorized(record.error);
  const names = useOfficerNames(user);
  const [message, setMessage] = useState<{ id: number; text: string } | null>(null);
  useDocumentTitle(record.data ? `Case ${record.data.case.caseNumber}` : 'Case');
  const back = backLink(user.role);
  const breadcrumb = (
    <p className="breadcrumb">
      <Link to={back.to}>{back.label}</Link> <span aria-hidden="true">›</span> Case
    </p>
  );
  if (!record.data) {
    return (
      <>
        {breadcrumb}
        <h1>Case</h1>
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
      {isFieldCase(detail) ? (
        <FieldCaseHeader detail={detail} user={user} names={names} />
      ) : (
        <CaseHeader detail={detail} user={user} names={names} />
      )}
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
      <MatchReviews tasks={detail.tasks} caseId={detail.case.caseId} user={user} onChanged={record.reload} />
      <CaseQueries detail={detail} />
      <CaseDocuments detail={detail} />
    </>
  );
}
