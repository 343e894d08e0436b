/**
 * An ICE officer listed in 8 CFR 287.5(e)(2) — the `warrant_issuer` flag — issues and signs the
 * I-200 (Warrant for Arrest of Alien) or, on a final order, the I-205 (Warrant of Removal).
 * No 287(g) officer ever signs one (8 CFR 236.1(b)); the engine refuses everyone else.
 */
import { z } from 'zod';
import { describeIssue } from '../../authority/scenario.ts';
import type { Actor } from '../../domain/actor.ts';
import { WARRANT_FORMS } from '../../domain/jem-case.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import type { Deps } from '../deps.ts';
import { caseStep } from './case-step.ts';
import { formSubject, signerOf } from './documents.ts';

const schema = z
  .strictObject({
    form: z.enum(WARRANT_FORMS),
    number: z.string().regex(/^[A-Z0-9-]{4,30}$/, 'must be 4–30 capital letters, digits or dashes'),
    finalOrder: z
      .strictObject({
        date: z.iso.date({ error: 'must be a date YYYY-MM-DD' }),
        by: z.string().trim().min(1).max(200),
      })
      .optional(),
  })
  .refine((w) => w.form === 'I-200' || w.finalOrder !== undefined, {
    path: ['finalOrder'],
    message: 'is required for an I-205 (a warrant of removal rests on a final order)',
  });

const AUTHORITY = {
  'I-200': 'INA §236 and §287; 8 CFR 236.1(b) and 287.5(e)(2)',
  'I-205': 'INA §241; 8 CFR 241.2',
} as const;

export async function signWarrant(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: unknown,
): Promise<Result<{ caseId: string; status: string }>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const w = parsed.data;
  return caseStep(deps, actor, caseId, {
    action: 'sign_warrant',
    step: 'sign_warrant',
    decide: async (ctx, at) => {
      const signer = await signerOf(deps.db, actor);
      const base = {
        warrantNumber: w.number,
        subject: formSubject(ctx),
        authority: AUTHORITY[w.form],
        issuer: signer,
        issuedOn: at.toISOString().slice(0, 10),
      };
      return ok({
        patch: {
          record: {
            ...ctx.kase.record,
            warrant: { form: w.form, number: w.number, signedAt: at.toISOString(), signedBy: actor.id },
          },
        },
        event: {
          type: 'case.warrant_signed',
          summary: `${w.form} ${w.number} issued and signed by an ICE warrant issuer`,
          data: { form: w.form, number: w.number },
        },
        documents: [
          { form: w.form, data: w.form === 'I-205' ? { ...base, finalOrder: w.finalOrder } : base },
        ],
      });
    },
  });
}
