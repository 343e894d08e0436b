/**
 * The detainer (Form I-247A; ICE Policy 10074.2): drafted by the officer on an enumerated
 * probable-cause basis with a signed I-200 or I-205 attached, approved by an ICE supervisor,
 * then served on the subject — only then is it effective and may a hold follow a release.
 * Every precondition is a forbid in the authority engine (policies/detainer.cedar); the step
 * checks here only say whether the case is at the right point.
 */
import { z } from 'zod';
import { describeIssue } from '../../authority/scenario.ts';
import type { Actor } from '../../domain/actor.ts';
import { DETAINER_BASES, type DetainerBasis, INSUFFICIENT_BASES } from '../../domain/jem-case.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import * as casework from '../../store/casework.ts';
import type { Deps } from '../deps.ts';
import { caseStep } from './case-step.ts';
import { formSubject, signerOf } from './documents.ts';
import type { CaseContext } from './standing.ts';

const draftSchema = z.strictObject({
  basis: z.enum([...DETAINER_BASES, ...INSUFFICIENT_BASES]),
  basisNarrative: z
    .string()
    .trim()
    .min(10, 'must state the facts of the basis (at least 10 characters)')
    .max(5000),
});

export async function draftDetainer(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: unknown,
): Promise<Result<{ caseId: string; status: string }>> {
  const parsed = draftSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const d = parsed.data;
  return caseStep(deps, actor, caseId, {
    action: 'issue_detainer',
    step: 'draft_detainer',
    facts: { detainerBasis: d.basis },
    decide: (ctx, at) =>
      ok({
        patch: {
          status: 'detainer_drafted',
          record: {
            ...ctx.kase.record,
            detainer: {
              basis: d.basis as DetainerBasis,
              basisNarrative: d.basisNarrative,
              draftedAt: at.toISOString(),
              draftedBy: actor.id,
            },
          },
        },
        event: {
          type: 'case.detainer_drafted',
          summary: `Detainer (I-247A) drafted on the basis "${d.basis.replaceAll('_', ' ')}"; awaiting ICE approval`,
          data: { basis: d.basis },
        },
        notices: [
          {
            recipientRole: 'ice_supervisor',
            kind: 'review_request',
            subject: `Detainer for case ${ctx.kase.caseNumber} awaits approval`,
            body: d.basisNarrative,
          },
        ],
      }),
  });
}

async function detainerForm(
  deps: Deps,
  ctx: CaseContext,
  approver: Actor,
  served: { at: string; by: string; language: string } | null,
) {
  const det = ctx.kase.record.detainer!;
  const warrant = ctx.kase.record.warrant!;
  const facility = await casework.agencyName(deps.db, ctx.kase.agencyId);
  const issuing = await signerOf(deps.db, {
    kind: 'user',
    id: det.draftedBy,
    role: 'lea_officer',
    agencyId: ctx.kase.agencyId,
  });
  return {
    subject: formSubject(ctx),
    detainerDate: (det.approvedAt ?? det.draftedAt).slice(0, 10),
    facility: {
      agency: facility ?? 'Law enforcement agency',
      name: ctx.kase.facilityCode,
      address: 'On file with the agency',
    },
    probableCauseBases: [det.basis],
    request: { notifyBeforeRelease: true as const, maximumHoldHours: 48 },
    accompanyingWarrant: { form: warrant.form, number: warrant.number },
    issuingOfficer: issuing,
    approvingIceOfficer: await signerOf(deps.db, approver),
    service: served ? { servedAt: served.at, servedBy: served.by, language: served.language } : null,
  };
}

export async function approveDetainer(
  deps: Deps,
  actor: Actor,
  caseId: string,
): Promise<Result<{ caseId: string; status: string }>> {
  return caseStep(deps, actor, caseId, {
    action: 'approve_detainer',
    step: 'approve_detainer',
    decide: async (ctx, at) => {
      const det = ctx.kase.record.detainer;
      if (!det) return fail('conflict', 'No detainer has been drafted.');
      const detainer = { ...det, approvedAt: at.toISOString(), approvedBy: actor.id };
      const next = { ...ctx, kase: { ...ctx.kase, record: { ...ctx.kase.record, detainer } } };
      return ok({
        patch: { status: 'detainer_approved', record: next.kase.record },
        event: {
          type: 'case.detainer_approved',
          summary: 'Detainer approved by ICE: to be served on the subject',
        },
        documents: [{ form: 'I-247A', data: await detainerForm(deps, next, actor, null) }],
        notices: [
          {
            recipientRole: 'lea_officer',
            recipientUser: det.draftedBy,
            kind: 'detainer_approved',
            subject: `Detainer for case ${ctx.kase.caseNumber} approved`,
            body: 'Serve a copy on the subject; the detainer takes effect only then.',
          },
        ],
      });
    },
  });
}

const serveSchema = z.strictObject({
  language: z.string().trim().min(1, 'must name the language the subject was served in').max(60),
});

export async function serveDetainer(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: unknown,
): Promise<Result<{ caseId: string; status: string }>> {
  const parsed = serveSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  return caseStep(deps, actor, caseId, {
    action: 'issue_detainer',
    step: 'serve_detainer',
    facts: { serving: true },
    decide: async (ctx, at) => {
      const det = ctx.kase.record.detainer;
      if (!det?.approvedAt) return fail('conflict', 'The detainer has not been approved.');
      const served = { at: at.toISOString(), by: actor.id, language: parsed.data.language };
      const detainer = { ...det, served };
      const next = { ...ctx, kase: { ...ctx.kase, record: { ...ctx.kase.record, detainer } } };
      const approver = {
        kind: 'user' as const,
        id: det.approvedBy ?? actor.id,
        role: 'ice_supervisor' as const,
        agencyId: null,
      };
      return ok({
        patch: { status: 'detainer_served', record: next.kase.record },
        event: {
          type: 'case.detainer_served',
          summary: `Detainer served on the subject (${served.language}): now effective`,
          data: { language: served.language },
        },
        documents: [
          {
            form: 'I-247A',
            data: await detainerForm(deps, next, approver, served),
            reason: 'service on the subject recorded',
          },
        ],
        notices: [
          {
            recipientRole: 'lea_admin',
            kind: 'detainer_effective',
            subject: `Detainer effective for case ${ctx.kase.caseNumber}`,
            body: 'Notify ICE before release; a hold may not exceed 48 hours after the person would otherwise be released.',
          },
        ],
      });
    },
  });
}
