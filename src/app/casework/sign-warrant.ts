/**
 * An ICE officer listed in 8 CFR 287.5(e)(2) — the `warrant_issuer` flag — issues and signs the
 * I-200 (Warrant for Arrest of Alien) or, on a final order, the I-205 (Warrant of Removal).
 * No 287(g) officer ever signs one (8 CFR 236.1(b)); the engine refuses everyone else.
 */
import { z } from 'zod';
import { describeIssue } from '../../authority/scenario.ts';
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import type { Deps } from '../deps.ts';
import { caseStep } from './case-step.ts';
import { signerOf } from './documents.ts';
import { checkWarrantFields, warrantFields, warrantFormData } from './warrant.ts';

const schema = z.strictObject(warrantFields).superRefine(checkWarrantFields);

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
        documents: [{ form: w.form, data: warrantFormData(ctx, w, signer, at) }],
      });
    },
  });
}
