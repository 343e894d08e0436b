/**
 * The case page: the case, its booking, subject, timeline, tasks, queries, documents and the
 * hold clock. Reading personal data is itself audited (`case.viewed`) before the answer leaves.
 */
import type { Actor } from '../../domain/actor.ts';
import { holdRemaining } from '../../domain/hold-clock.ts';
import { STATUS_LABEL } from '../../domain/jem-case.ts';
import { ok, type Result } from '../../domain/result.ts';
import { recordAudit } from '../../store/audit.ts';
import * as casework from '../../store/casework.ts';
import type { Deps } from '../deps.ts';
import { loadCase } from './case-step.ts';

export async function getCase(deps: Deps, actor: Actor, caseId: string) {
  const loaded = await loadCase(deps, actor, caseId);
  if (!loaded.ok) return loaded;
  const { kase, booking, subject } = loaded.value;
  const at = deps.clock.now();
  const [events, tasks, queries, documents, timers] = await Promise.all([
    casework.caseEvents(deps.db, caseId),
    casework.tasksOf(deps.db, caseId),
    casework.queriesOf(deps.db, caseId),
    casework.documentsOf(deps.db, caseId),
    casework.timersOf(deps.db, caseId),
  ]);
  await recordAudit(deps.db, actor, at, {
    type: 'case.viewed',
    resource: { type: 'case', id: caseId },
    data: { agencyId: kase.agencyId, caseNumber: kase.caseNumber },
  });
  const hold =
    kase.status === 'hold_running' && kase.holdEndsAt && kase.holdStartedAt
      ? { startedAt: kase.holdStartedAt, endsAt: kase.holdEndsAt, ...holdRemaining(kase.holdEndsAt, at) }
      : null;
  const stops = [
    ...(kase.citizenshipReviewOpen
      ? [
          {
            ruleId: 'hardstop.citizenship-review',
            citation: 'ICE Directive 16001.2',
            label: 'Citizenship review open',
          },
        ]
      : []),
    ...(tasks.some((t) => t.kind === 'juvenile_review' && t.status === 'open')
      ? [
          {
            ruleId: 'hardstop.juvenile',
            citation: 'Flores Settlement Agreement; TVPRA 2008',
            label: 'Subject under 18',
          },
        ]
      : []),
  ];
  return ok({
    case: { ...kase, statusLabel: STATUS_LABEL[kase.status] },
    booking,
    subject,
    hold,
    stops,
    events,
    tasks,
    queries,
    documents,
    timers,
  });
}

export type CaseView = Extract<Awaited<ReturnType<typeof getCase>>, { ok: true }>['value'];

/** A stored document's bytes, for the actor allowed to read the case. */
export async function getCaseDocument(
  deps: Deps,
  actor: Actor,
  caseId: string,
  documentId: string,
): Promise<Result<{ form: string; version: number; sha256: string; content: Uint8Array }>> {
  const loaded = await loadCase(deps, actor, caseId);
  if (!loaded.ok) return loaded;
  const doc = await casework.findDocument(deps.db, documentId);
  if (!doc || doc.caseId !== caseId)
    return { ok: false, error: { code: 'not_found', userMessage: 'No document has that id.' } };
  await recordAudit(deps.db, actor, deps.clock.now(), {
    type: 'case.viewed',
    resource: { type: 'case', id: caseId },
    data: { agencyId: loaded.value.kase.agencyId, document: doc.form, version: doc.version },
  });
  return ok({
    form: doc.form,
    version: doc.version,
    sha256: doc.sha256,
    content: new Uint8Array(doc.content),
  });
}
