/**
 * The charging document: the officer drafts an I-862 Notice to Appear, I-851 or I-871; an ICE
 * supervisor signs it and the PDF is generated. An I-862 for a person arrested without a
 * warrant is not finalised until the 8 CFR 287.3(c) advisals — reasons for the arrest, counsel
 * at no expense to the government, the list of free legal services — are recorded.
 */
import { z } from 'zod';
import { describeIssue } from '../../authority/scenario.ts';
import type { Actor } from '../../domain/actor.ts';
import { CHARGING_FORMS } from '../../domain/jem-case.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import type { Deps } from '../deps.ts';
import { caseStep } from './case-step.ts';
import { formSubject, signerOf } from './documents.ts';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });
const date = z.iso.date({ error: 'must be a date YYYY-MM-DD' });

export const chargingDraftSchema = z
  .strictObject({
    form: z.enum(CHARGING_FORMS),
    respondentClass: z.enum(['arriving_alien', 'present_without_admission', 'admitted_removable']).optional(),
    allegations: z.array(text(2000)).min(1, 'at least one allegation').max(20),
    charges: z
      .array(z.strictObject({ provision: text(200), description: text(1000) }))
      .min(1, 'at least one charge')
      .max(10),
    warrantlessArrest: z.boolean(),
    arrestedAt: instant.optional(),
    advisal: z
      .strictObject({
        reasonsForArrest: z.boolean(),
        rightToCounsel: z.boolean(),
        legalServicesListProvided: z.boolean(),
        advisedAt: instant,
      })
      .optional(),
    priorOrder: z
      .strictObject({ kind: z.enum(['removal', 'deportation', 'exclusion']), date, by: text(200) })
      .optional(),
    removal: z.strictObject({ date, place: text(200) }).optional(),
    reentry: z.strictObject({ date: date.nullable(), place: text(200) }).optional(),
  })
  .superRefine((d, ctx) => {
    if (d.form === 'I-862' && !d.respondentClass)
      ctx.addIssue({ code: 'custom', path: ['respondentClass'], message: 'is required for an I-862' });
    if (d.warrantlessArrest && !d.arrestedAt)
      ctx.addIssue({ code: 'custom', path: ['arrestedAt'], message: 'is required for a warrantless arrest' });
    if (d.form === 'I-871' && (!d.priorOrder || !d.removal || !d.reentry))
      ctx.addIssue({
        code: 'custom',
        path: ['priorOrder'],
        message: 'an I-871 needs the prior order, removal and reentry',
      });
  });
type ChargingDraft = z.infer<typeof chargingDraftSchema>;

export async function draftChargingDocument(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: unknown,
): Promise<Result<{ caseId: string; status: string }>> {
  const parsed = chargingDraftSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const d = parsed.data;
  return caseStep(deps, actor, caseId, {
    action: 'prepare_charging_document',
    step: 'draft_charging',
    decide: (ctx, at) =>
      ok({
        patch: {
          record: {
            ...ctx.kase.record,
            charging: {
              form: d.form,
              allegations: d.allegations,
              warrantlessArrest: d.warrantlessArrest,
              legalServicesListProvided: d.advisal?.legalServicesListProvided ?? false,
              draftedAt: at.toISOString(),
              draftedBy: actor.id,
              draft: d,
            },
          },
        },
        event: {
          type: 'case.charging_document_drafted',
          summary: `${d.form} drafted for ICE signature${d.warrantlessArrest ? ' (warrantless arrest)' : ''}`,
          data: { form: d.form, warrantlessArrest: d.warrantlessArrest },
        },
        notices: [
          {
            recipientRole: 'ice_supervisor',
            kind: 'review_request',
            subject: `${d.form} for case ${ctx.kase.caseNumber} awaits signature`,
            body: d.allegations[0] ?? '',
          },
        ],
      }),
  });
}

export async function signChargingDocument(
  deps: Deps,
  actor: Actor,
  caseId: string,
): Promise<Result<{ caseId: string; status: string }>> {
  return caseStep(deps, actor, caseId, {
    action: 'sign_charging_document',
    step: 'sign_charging',
    decide: async (ctx, at) => {
      const charging = ctx.kase.record.charging;
      if (!charging) return fail('conflict', 'No charging document has been drafted.');
      const d = charging.draft as ChargingDraft;
      const signer = await signerOf(deps.db, actor);
      const subject = formSubject(ctx);
      const issuedOn = at.toISOString().slice(0, 10);
      const warrant = ctx.kase.record.warrant;
      const data =
        d.form === 'I-862'
          ? {
              respondent: subject,
              respondentClass: d.respondentClass ?? 'present_without_admission',
              allegations: d.allegations,
              charges: d.charges,
              arrest: d.warrantlessArrest
                ? {
                    kind: 'warrantless' as const,
                    arrestedAt: d.arrestedAt ?? at.toISOString(),
                    advisal: d.advisal ? { ...d.advisal, advisedBy: charging.draftedBy } : null,
                  }
                : {
                    kind: 'warrant' as const,
                    warrantForm: warrant?.form ?? 'I-200',
                    warrantNumber: warrant?.number ?? 'to be issued',
                  },
              issuingOfficer: signer,
              issuedOn,
            }
          : d.form === 'I-851'
            ? {
                respondent: subject,
                allegations: d.allegations,
                charges: d.charges,
                issuingOfficer: signer,
                issuedOn,
              }
            : {
                subject,
                priorOrder: d.priorOrder,
                removal: d.removal,
                reentry: d.reentry,
                issuingOfficer: signer,
                issuedOn,
              };
      return ok({
        patch: {
          record: {
            ...ctx.kase.record,
            charging: { ...charging, signedAt: at.toISOString(), signedBy: actor.id },
          },
        },
        event: {
          type: 'case.charging_document_signed',
          summary: `${d.form} signed by ICE`,
          data: { form: d.form },
        },
        documents: [{ form: d.form, data }],
      });
    },
  });
}
