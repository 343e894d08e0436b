/**
 * `renderForm`: a form's data snapshot → an immutable PDF in Delegate's layout, its SHA-256, the
 * template version and the validated snapshot, ready to be stored together. Pure and
 * deterministic: the same input gives byte-identical output (time is passed in as `generatedAt`).
 * Bad data comes back as `invalid_input` naming the first bad field; an I-862 for a warrantless
 * arrest without the 8 CFR 287.3(c) advisals recorded is refused as `conflict`.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { fail, ok, type Result } from '../domain/result.ts';
import { FIELD_LISTS } from './fields.ts';
import {
  FORM_SCHEMAS,
  FORM_TITLES,
  type FormInput,
  type FormKind,
  type FormValues,
  TEMPLATE_VERSIONS,
} from './forms.ts';
import { type Block, layoutPdf, type PageSize } from './layout.ts';
import { needsTransliteration } from './winansi.ts';

export interface RenderOptions {
  generatedAt: Date;
  caseRef: string;
  /** 1 for the first document of its kind in the case; each later change adds a version. */
  version: number;
  /** Required from version 2 on: the version replaced and why. */
  supersedes?: { version: number; reason: string };
  pageSize?: PageSize;
}

export interface RenderedForm<K extends FormKind> {
  bytes: Uint8Array;
  /** Lower-case hex SHA-256 of `bytes`. */
  sha256: string;
  templateVersion: (typeof TEMPLATE_VERSIONS)[K];
  /** The validated data the PDF was made from, with original spellings. */
  snapshot: FormValues<K>;
}

export const I862_ADVISAL_RULE = 'documents.i862.warrantless-advisals';
export const I862_ADVISAL_CITATION = '8 CFR 287.3(c)';

const invalid = (field: string, message: string) =>
  fail('invalid_input', `${field}: ${message}`, { where: { field } });

function checkOptions(o: RenderOptions): Result<void> {
  if (!(o.generatedAt instanceof Date) || Number.isNaN(o.generatedAt.getTime()))
    return invalid('options.generatedAt', 'expected a valid date');
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/.test(o.caseRef))
    return invalid('options.caseRef', 'expected 1–64 letters, digits, ".", "_", "/" or "-"');
  if (!Number.isInteger(o.version) || o.version < 1)
    return invalid('options.version', 'expected a whole number from 1');
  if (o.version === 1 && o.supersedes) return invalid('options.supersedes', 'version 1 supersedes nothing');
  if (o.version > 1 && !o.supersedes)
    return invalid('options.supersedes', 'a later version must name the version it supersedes and why');
  if (o.supersedes) {
    const { version, reason } = o.supersedes;
    if (!Number.isInteger(version) || version < 1 || version >= o.version)
      return invalid('options.supersedes.version', 'expected an earlier version');
    if (reason.trim() === '') return invalid('options.supersedes.reason', 'must not be empty');
  }
  return ok(undefined);
}

function parse<K extends FormKind>(kind: K, data: FormInput<K>): Result<FormValues<K>> {
  const schema = FORM_SCHEMAS[kind] as unknown as z.ZodType<FormValues<K>>;
  const parsed = schema.safeParse(data);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  const field = issue?.code === 'unrecognized_keys' ? [path, issue.keys[0]].filter(Boolean).join('.') : path;
  return invalid(field === '' ? 'data' : field, issue?.message ?? 'invalid');
}

/** Rules a form must meet before it may be finalised, beyond the shape of its data. */
function checkFinalisable<K extends FormKind>(kind: K, data: FormValues<K>): Result<void> {
  if (kind !== 'I-862') return ok(undefined);
  const { arrest } = data as FormValues<'I-862'>;
  if (arrest.kind !== 'warrantless') return ok(undefined);
  const missing = !arrest.advisal
    ? 'the advisals are not recorded'
    : !arrest.advisal.legalServicesListProvided
      ? 'the list of free legal service providers is not recorded as provided'
      : !arrest.advisal.reasonsForArrest
        ? 'the advisal of the reasons for the arrest is not recorded'
        : !arrest.advisal.rightToCounsel
          ? 'the advisal of the right to counsel at no expense to the Government is not recorded'
          : null;
  if (missing === null) return ok(undefined);
  return fail('conflict', `A Notice to Appear for a warrantless arrest cannot be finalised: ${missing}.`, {
    ruleId: I862_ADVISAL_RULE,
    citation: I862_ADVISAL_CITATION,
    where: { field: 'arrest.advisal' },
  });
}

function blockStrings(block: Block): string[] {
  return block.kind === 'paragraphs'
    ? [block.heading, block.text]
    : [block.heading ?? '', ...(block.header ?? []), ...block.rows.flat()];
}

export function formTitle(kind: FormKind): string {
  return `Form ${kind} — ${FORM_TITLES[kind]} (Delegate record)`;
}

export async function renderForm<K extends FormKind>(
  kind: K,
  data: FormInput<K>,
  options: RenderOptions,
): Promise<Result<RenderedForm<K>>> {
  const optionsOk = checkOptions(options);
  if (!optionsOk.ok) return optionsOk;
  const parsed = parse(kind, data);
  if (!parsed.ok) return parsed;
  const snapshot = parsed.value;
  const finalisable = checkFinalisable(kind, snapshot);
  if (!finalisable.ok) return finalisable;

  const templateVersion = TEMPLATE_VERSIONS[kind];
  const { caseRef, version, supersedes, generatedAt } = options;
  const blocks = FIELD_LISTS[kind](snapshot);
  const intro = [
    `Case ${caseRef} · document version ${version}.` +
      (supersedes ? ` Supersedes version ${supersedes.version}. Reason: ${supersedes.reason}` : ''),
    `Prepared by Delegate from the case record. It carries the fields of DHS Form ${kind} in Delegate’s ` +
      'own layout and is not the DHS-printed form.',
  ];
  if ([...intro, ...blocks.flatMap(blockStrings)].some(needsTransliteration)) {
    intro.push(
      'Some characters cannot be shown in this document’s font and are printed as the closest letter ' +
        'or "?"; the stored record keeps the original spelling.',
    );
  }

  const generated = generatedAt.toISOString();
  const bytes = await layoutPdf({
    title: formTitle(kind),
    intro,
    blocks,
    footer: (page, pages) => [
      `Case ${caseRef} · Form ${kind} · Template ${templateVersion} · Document version ${version}` +
        (supersedes ? ` (supersedes version ${supersedes.version})` : ''),
      `Generated ${generated} · page ${page} of ${pages}`,
    ],
    metadata: {
      title: formTitle(kind),
      subject: `Delegate record of DHS Form ${kind}, case ${caseRef}, document version ${version}`,
      keywords: [`Form ${kind}`, templateVersion, `case ${caseRef}`, `version ${version}`],
      generatedAt,
    },
    pageSize: options.pageSize ?? 'Letter',
  });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return ok({ bytes, sha256, templateVersion, snapshot });
}
