/**
 * The administrative warrant as ICE signs it — I-200 (arrest) or I-205 (removal, on a final
 * order) — shared by the JEM step (sign-warrant.ts) and WSO lodging (wso/lodge-warrant.ts):
 * its input fields, their rules, and the form data of the PDF.
 */
import { z } from 'zod';
import { WARRANT_FORMS } from '../../domain/jem-case.ts';
import { formSubject, type Signer } from './documents.ts';
import type { CaseContext } from './standing.ts';

export const warrantFields = {
  form: z.enum(WARRANT_FORMS),
  number: z.string().regex(/^[A-Z0-9-]{4,30}$/, 'must be 4–30 capital letters, digits or dashes'),
  finalOrder: z
    .strictObject({
      date: z.iso.date({ error: 'must be a date YYYY-MM-DD' }),
      by: z.string().trim().min(1).max(200),
    })
    .optional(),
};

type WarrantFields = { form: 'I-200' | 'I-205'; finalOrder?: { date: string; by: string } | undefined };

/** An I-205 rests on a final order, and only an I-205 carries one. */
export function checkWarrantFields(w: WarrantFields, ctx: z.RefinementCtx): void {
  if (w.form === 'I-205' && !w.finalOrder)
    ctx.addIssue({
      code: 'custom',
      path: ['finalOrder'],
      message: 'is required for an I-205 (a warrant of removal rests on a final order)',
    });
  if (w.form === 'I-200' && w.finalOrder)
    ctx.addIssue({ code: 'custom', path: ['finalOrder'], message: 'belongs only to an I-205' });
}

const AUTHORITY = {
  'I-200': 'INA §236 and §287; 8 CFR 236.1(b) and 287.5(e)(2)',
  'I-205': 'INA §241; 8 CFR 241.2',
} as const;

/** The PDF's data for a warrant signed by `issuer` at `at`. */
export function warrantFormData(
  ctx: CaseContext,
  w: WarrantFields & { number: string },
  issuer: Signer,
  at: Date,
): Record<string, unknown> {
  const base = {
    warrantNumber: w.number,
    subject: formSubject(ctx),
    authority: AUTHORITY[w.form],
    issuer,
    issuedOn: at.toISOString().slice(0, 10),
  };
  return w.form === 'I-205' ? { ...base, finalOrder: w.finalOrder } : base;
}
