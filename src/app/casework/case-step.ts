/**
 * The shape every step on a JEM case shares: load the case, its booking and subject; authorize
 * (the agency's tenancy, then the delegated action through the authority engine with the case's
 * facts); check the case is at a point where the step applies; decide with pure code; render
 * any form; then persist the change, the timeline entry, the audit event, tasks, notices,
 * timers and documents in one transaction. A concurrent change to the same case wins once: the
 * loser gets a conflict and nothing of theirs is written.
 */
import { v7 as uuidv7 } from 'uuid';
import { isDelegatedAction } from '../../authority/authorize.ts';
import type { ScenarioCase } from '../../authority/scenario.ts';
import type { DelegatedAction, SystemAction } from '../../authority/vocabulary.ts';
import type { Actor } from '../../domain/actor.ts';
import type { CaseEventType } from '../../domain/audit.ts';
import { type CaseStep, checkCaseStep } from '../../domain/jem-case.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import * as casework from '../../store/casework.ts';
import type { Tx } from '../../store/db.ts';
import type { Deps } from '../deps.ts';
import { guard, guardDelegated } from '../guard.ts';
import { type RenderedDocument, renderCaseDocument } from './documents.ts';
import { type CaseContext, caseFacts, caseScenario } from './standing.ts';

type Scalar = string | number | boolean | null;

export interface TaskSpec {
  kind: string;
  recipientRole: string;
  title: string;
  data?: Record<string, Scalar>;
  dueAt?: Date | null;
}

export interface NoticeSpec {
  recipientRole: string;
  recipientUser?: string | null;
  kind: string;
  subject: string;
  body: string;
}

export interface DocumentSpec {
  form: string;
  data: Record<string, unknown>;
  reason?: string;
}

export interface CaseEffect {
  patch: casework.CasePatch;
  event: { type: CaseEventType; summary: string; data?: Record<string, Scalar> };
  tasks?: TaskSpec[];
  closeTasks?: { kinds: string[]; resolution: Record<string, Scalar> };
  notices?: NoticeSpec[];
  timers?: Array<{ kind: string; dueAt: Date }>;
  cancelTimers?: boolean;
  documents?: DocumentSpec[];
  /** Extra writes of the step (booking, subject), inside the same transaction. */
  alsoWrite?: (tx: Tx) => Promise<void>;
}

export interface StepOptions {
  /** The delegated action the step is, or the system action for steps that are not delegated. */
  action: DelegatedAction | SystemAction;
  step: CaseStep | null;
  /** Case facts as the step would make them (e.g. the detainer basis being proposed). */
  facts?: Partial<ScenarioCase>;
  decide: (ctx: CaseContext, at: Date) => Result<CaseEffect> | Promise<Result<CaseEffect>>;
}

/** Loads a case the actor may see: other agencies' cases and §1367-protected subjects answer as missing. */
export async function loadCase(deps: Deps, actor: Actor, caseId: string): Promise<Result<CaseContext>> {
  const kase = await casework.findCase(deps.db, caseId);
  if (!kase) return fail('not_found', 'No case has that id.');
  const booking = kase.bookingId ? await casework.findBooking(deps.db, kase.bookingId) : null;
  if (kase.bookingId && !booking) return fail('not_found', 'No case has that id.');
  const subject = kase.subjectId ? await casework.findSubject(deps.db, kase.subjectId) : null;
  // 8 U.S.C. §1367: for everyone but designated ICE users the record does not exist (R11).
  if (subject?.protected1367) return fail('not_found', 'No case has that id.');
  const denied = await guard(deps, actor, 'case.read', { type: 'case', id: caseId, agencyId: kase.agencyId });
  if (denied) return denied;
  return ok({ kase, booking, subject });
}

export async function caseStep(
  deps: Deps,
  actor: Actor,
  caseId: string,
  options: StepOptions,
): Promise<Result<{ caseId: string; status: string }>> {
  const loaded = await loadCase(deps, actor, caseId);
  if (!loaded.ok) return loaded;
  const ctx = loaded.value;
  const at = deps.clock.now();
  if (isDelegatedAction(options.action)) {
    const facts = { ...caseFacts(ctx.kase.record, ctx.booking, ctx.kase.holdEndsAt), ...options.facts };
    const scenario = await caseScenario(deps.db, actor, ctx, options.action, at, facts);
    const { denied } = await guardDelegated(deps, actor, scenario, { type: 'case', id: caseId });
    if (denied) return denied;
  } else {
    const denied = await guard(deps, actor, options.action, {
      type: 'case',
      id: caseId,
      agencyId: ctx.kase.agencyId,
    });
    if (denied) return denied;
  }
  if (options.step) {
    const refusal = checkCaseStep(
      {
        status: ctx.kase.status,
        record: ctx.kase.record,
        citizenshipReviewOpen: ctx.kase.citizenshipReviewOpen,
        holdEndsAt: ctx.kase.holdEndsAt,
      },
      options.step,
    );
    if (refusal)
      return fail('conflict', refusal.message, {
        ruleId: refusal.ruleId,
        ...(refusal.citation ? { citation: refusal.citation } : {}),
      });
  }
  const decided = await options.decide(ctx, at);
  if (!decided.ok) return decided;
  const effect = decided.value;
  const rendered: RenderedDocument[] = [];
  for (const d of effect.documents ?? []) {
    const r = await renderCaseDocument(deps.db, ctx, d, at);
    if (!r.ok) return r;
    rendered.push(r.value);
  }
  const result = await persistCaseEffect(deps, actor, ctx, effect, rendered, at);
  return result;
}

/** Writes a decided step: the case (if still at the version loaded), timeline, audit, side rows. */
export async function persistCaseEffect(
  deps: Deps,
  actor: Actor,
  ctx: CaseContext,
  effect: CaseEffect,
  rendered: RenderedDocument[],
  at: Date,
): Promise<Result<{ caseId: string; status: string }>> {
  const { kase } = ctx;
  const actorRole = actor.kind === 'public' ? null : actor.role;
  try {
    const auditId = await deps.db.transaction().execute(async (tx) => {
      const updated = await casework.updateCase(tx, kase.caseId, kase.version, effect.patch, at);
      if (!updated) throw new StaleCase();
      const auditId = await appendAudit(tx, actor, at, {
        type: effect.event.type,
        resource: { type: 'case', id: kase.caseId },
        data: { agencyId: kase.agencyId, caseNumber: kase.caseNumber, ...(effect.event.data ?? {}) },
      });
      await casework.appendCaseEvent(tx, {
        caseId: kase.caseId,
        at,
        actorId: actor.id,
        actorRole,
        kind: effect.event.type,
        summary: effect.event.summary,
        data: effect.event.data ?? {},
        auditEventId: auditId,
      });
      await writeSideEffects(tx, actor, kase, effect, rendered, at);
      await effect.alsoWrite?.(tx);
      return auditId;
    });
    return ok({ caseId: kase.caseId, status: effect.patch.status ?? kase.status }, auditId);
  } catch (error) {
    if (error instanceof StaleCase)
      return fail('conflict', 'The case changed while you were working on it. Reload it and try again.', {
        ruleId: 'case.concurrent-change',
      });
    // R36: migration 0019 holds "one open detainer per subject per agency"; a racing draft loses.
    const e = error as { code?: unknown; constraint?: unknown };
    if (e.code === '23505' && e.constraint === 'cases_one_open_detainer')
      return fail(
        'conflict',
        'This subject already has an open detainer from this agency; lift it before drafting another.',
        { ruleId: 'detainer.one-open-per-subject' },
      );
    throw error;
  }
}

class StaleCase extends Error {}

async function writeSideEffects(
  tx: Tx,
  actor: Actor,
  kase: casework.CaseRow,
  effect: CaseEffect,
  rendered: RenderedDocument[],
  at: Date,
) {
  for (const t of effect.tasks ?? []) {
    await casework.insertTask(
      tx,
      {
        taskId: uuidv7(),
        agencyId: kase.agencyId,
        caseId: kase.caseId,
        kind: t.kind,
        recipientRole: t.recipientRole,
        title: t.title,
        data: t.data ?? {},
        dueAt: t.dueAt ?? null,
      },
      at,
    );
  }
  if (effect.closeTasks)
    await casework.closeTasks(
      tx,
      kase.caseId,
      effect.closeTasks.kinds,
      actor.id,
      at,
      effect.closeTasks.resolution,
    );
  for (const n of effect.notices ?? []) {
    await casework.notifyCase(
      tx,
      {
        notificationId: uuidv7(),
        agencyId: kase.agencyId,
        recipientRole: n.recipientRole,
        recipientUser: n.recipientUser ?? null,
        caseId: kase.caseId,
        kind: n.kind,
        subject: n.subject,
        body: n.body,
      },
      at,
    );
  }
  if (effect.cancelTimers) await casework.cancelTimers(tx, kase.caseId, at);
  await casework.insertTimers(
    tx,
    (effect.timers ?? []).map((t) => ({
      timerId: uuidv7(),
      agencyId: kase.agencyId,
      caseId: kase.caseId,
      kind: t.kind,
      dueAt: t.dueAt,
    })),
  );
  for (const d of rendered) {
    await casework.insertDocument(tx, {
      ...d,
      agencyId: kase.agencyId,
      caseId: kase.caseId,
      createdBy: actor.id,
    });
    const auditId = await appendAudit(tx, actor, at, {
      type: 'case.document_generated',
      resource: { type: 'case', id: kase.caseId },
      data: {
        agencyId: kase.agencyId,
        form: d.form,
        version: d.version,
        sha256: d.sha256,
        templateVersion: d.templateVersion,
        reason: d.reason,
      },
    });
    await casework.appendCaseEvent(tx, {
      caseId: kase.caseId,
      at,
      actorId: actor.id,
      actorRole: actor.kind === 'public' ? null : actor.role,
      kind: 'case.document_generated',
      summary: `${d.form} version ${d.version} generated (SHA-256 ${d.sha256.slice(0, 12)}…)`,
      data: { form: d.form, version: d.version, sha256: d.sha256, templateVersion: d.templateVersion },
      auditEventId: auditId,
    });
  }
}
