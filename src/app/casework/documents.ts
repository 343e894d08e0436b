/**
 * Forms of a JEM case as PDFs (src/documents): the data snapshot is built from the case as it
 * stands, rendered before the transaction, and stored immutably with its SHA-256, template
 * version and snapshot. A later change makes a new version that names the one it replaces.
 */
import { v7 as uuidv7 } from 'uuid';
import { FORM_KINDS, type FormInput, type FormKind } from '../../documents/forms.ts';
import { renderForm } from '../../documents/render.ts';
import type { Interview } from '../../domain/jem-case.ts';
import { ok, type Result } from '../../domain/result.ts';
import * as casework from '../../store/casework.ts';
import type { Db } from '../../store/db.ts';
import { type CaseContext, casePerson } from './standing.ts';

export interface RenderedDocument {
  documentId: string;
  form: string;
  version: number;
  templateVersion: string;
  sha256: string;
  snapshot: object;
  content: Uint8Array;
  reason: string | null;
  createdAt: Date;
}

const isForm = (f: string): f is FormKind => (FORM_KINDS as readonly string[]).includes(f);

export async function renderCaseDocument(
  db: Db,
  ctx: CaseContext,
  spec: { form: string; data: Record<string, unknown>; reason?: string },
  at: Date,
): Promise<Result<RenderedDocument>> {
  if (!isForm(spec.form)) throw new TypeError(`unknown form ${spec.form}`);
  const previous = await casework.latestDocumentVersion(db, ctx.kase.caseId, spec.form);
  const version = previous + 1;
  const reason = previous > 0 ? (spec.reason ?? 'regenerated after a change to the case') : null;
  const rendered = await renderForm(spec.form, spec.data as FormInput<typeof spec.form>, {
    generatedAt: at,
    caseRef: ctx.kase.caseNumber,
    version,
    ...(previous > 0 ? { supersedes: { version: previous, reason: reason ?? '' } } : {}),
  });
  if (!rendered.ok) return rendered;
  return ok({
    documentId: uuidv7(),
    form: spec.form,
    version,
    templateVersion: rendered.value.templateVersion,
    sha256: rendered.value.sha256,
    snapshot: rendered.value.snapshot as object,
    content: rendered.value.bytes,
    reason,
    createdAt: at,
  });
}

// Form data from the case ----------------------------------------------------------------------

export interface Signer {
  name: string;
  title: string;
  identifier: string;
  agency: string;
}

export function formSubject(ctx: CaseContext) {
  const p = casePerson(ctx);
  const s = ctx.subject;
  const aNumber = s?.aNumber ?? p.aNumber;
  const fin = s?.fin ?? p.fin;
  const fbiNumber = s?.fbiNumber ?? p.fbiNumber;
  return {
    name: { family: p.lastName, given: p.firstName, ...(p.middleName ? { middle: p.middleName } : {}) },
    aliases: [],
    dateOfBirth: p.dob,
    ...(p.sex === 'U' ? {} : { sex: p.sex }),
    countryOfCitizenship: ctx.kase.record.interview?.nationality ?? p.nationality ?? 'Unknown',
    ...(p.placeOfBirth ? { countryOfBirth: p.placeOfBirth } : {}),
    ...(aNumber ? { aNumber } : {}),
    ...(fin && /^[0-9A-Z]{1,20}$/.test(fin) ? { fin } : {}),
    ...(fbiNumber ? { fbiNumber } : {}),
  };
}

const dateOf = (d: Date | string) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

export function i213Data(
  ctx: CaseContext,
  narrative: string,
  officer: Signer,
  criminalHistory: Array<{ ncicCode: string; offense: string; date: string; disposition: string }>,
): FormInput<'I-213'> {
  const subject = formSubject(ctx);
  const interview = ctx.kase.record.interview as Interview | undefined;
  return {
    subject: { ...subject, sex: subject.sex ?? 'X' },
    encounter: {
      facility: ctx.kase.facilityCode ?? 'Field encounter',
      place: ctx.booking
        ? `${ctx.kase.facilityCode} (jail, booked ${dateOf(ctx.booking.bookedAt)})`
        : `${ctx.kase.jurisdiction ?? 'field'} (field encounter)`,
      date: dateOf(interview?.at ?? ctx.kase.openedAt),
      ...(ctx.booking ? { bookingNumber: ctx.booking.bookingNumber } : {}),
    },
    arrestingOfficer: officer,
    processingOfficer: officer,
    narrative,
    criminalHistory,
    immigrationHistory: [],
    determination: ctx.kase.record.determination?.reason ?? 'Removable',
  };
}

const TITLES: Record<string, string> = {
  lea_officer: 'Designated immigration officer (287(g))',
  lea_admin: '287(g) program coordinator',
  ice_supervisor: 'Supervisory Detention and Deportation Officer, ICE ERO',
  program_office: 'ICE 287(g) Program Office',
};

/** How an actor is named on a form. */
export async function signerOf(
  db: Db,
  actor: { kind: string; id: string; role: string | null; agencyId: string | null },
): Promise<Signer> {
  const user = actor.kind === 'user' ? await casework.userFlags(db, actor.id) : null;
  const agency = actor.agencyId ? await casework.agencyName(db, actor.agencyId) : null;
  return {
    name: user?.displayName ?? 'Console operator',
    title: TITLES[actor.role ?? ''] ?? 'Officer',
    identifier: actor.id.slice(0, 13),
    agency: agency ?? 'U.S. Immigration and Customs Enforcement',
  };
}
