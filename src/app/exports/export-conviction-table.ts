/**
 * The conviction-category table of a window as CSV or XLSX (issue 8 "CSV and XLSX for every
 * report"): the same exact counts as `getConvictionTable` (`stats.read`: ICE's program office,
 * supervisors and inspectors), one row per measure. Aggregate: no record about an individual,
 * but a release outside the agency is still accounted for as a disclosure (R24).
 */

import { type Table, toCsv, toXlsx } from '../../documents/tabular.ts';
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { CONVICTION_CATEGORIES, type ConvictionTable } from '../../domain/statistics.ts';
import { requireRecentAuth } from '../accounts/recent-auth.ts';
import type { Deps } from '../deps.ts';
import {
  type ConvictionTableInput,
  checkConvictionTableInput,
  getConvictionTable,
} from '../statistics/get-conviction-table.ts';
import { checkRecipient, type ExportReceipt, type RecipientInput, recordExport } from './record-export.ts';

export const TABLE_FORMATS = ['csv', 'xlsx'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

export const MEDIA_TYPES: Record<TableFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface ExportConvictionTableInput extends ConvictionTableInput, RecipientInput {
  format?: string | undefined;
}

export interface ExportedFile extends ExportReceipt {
  content: Uint8Array;
  mediaType: string;
  fileName: string;
}

/** One row per measure; the window and filters on every row, so the file stands alone. */
export function convictionRows(t: ConvictionTable, model?: string, state?: string): Table {
  const scope = [t.from, t.to, model ?? 'all', state ?? 'all'];
  return {
    columns: ['from', 'to', 'model', 'state', 'measure', 'description', 'subjects'],
    rows: [
      [...scope, 'identified', 'distinct subjects with an encounter in the window', t.identified],
      [
        ...scope,
        'placed_in_proceedings',
        'distinct subjects placed in removal proceedings',
        t.placedInProceedings,
      ],
      ...CONVICTION_CATEGORIES.map((c) => [
        ...scope,
        c.key,
        `convicted of ${c.label} (NCIC ${c.prefix}xx) on or before the encounter`,
        t.categories[c.key],
      ]),
    ],
  };
}

export const isTableFormat = (f: string): f is TableFormat =>
  (TABLE_FORMATS as readonly string[]).includes(f);

export async function exportConvictionTable(
  deps: Deps,
  actor: Actor,
  input: ExportConvictionTableInput,
): Promise<Result<ExportedFile>> {
  const format = (input.format ?? 'csv').toLowerCase();
  if (!isTableFormat(format))
    return fail('invalid_input', `format "${input.format}" is not csv or xlsx.`, {
      where: { field: 'format' },
    });
  const recipient = checkRecipient(input);
  if (!recipient.ok) return fail('invalid_input', recipient.message, { where: { field: recipient.field } });
  // getConvictionTable guards `stats.read` and checks the window.
  const table = await getConvictionTable(deps, actor, input);
  if (!table.ok) return table;
  const stale = requireRecentAuth(deps, actor, 'export');
  if (stale) return stale;
  const checked = checkConvictionTableInput(input);
  const q = checked.ok ? checked.query : { model: undefined, state: undefined };
  const rows = convictionRows(table.value, q.model, q.state);
  const content =
    format === 'csv'
      ? new TextEncoder().encode(toCsv(rows))
      : await toXlsx(rows, { sheet: 'Conviction categories', at: deps.clock.now() });
  const scope = [q.model && `model ${q.model}`, q.state && `state ${q.state}`].filter(Boolean).join(', ');
  const receipt = await recordExport(deps, actor, {
    report: 'conviction_table',
    format,
    nature: `Conviction-category table (aggregate counts), ${table.value.from} to ${table.value.to}${scope ? `, ${scope}` : ''}`,
    content,
    recordIds: [],
    subjectIds: [],
    recipient: recipient.value,
  });
  return ok(
    {
      ...receipt,
      content,
      mediaType: MEDIA_TYPES[format],
      fileName: `conviction-table_${table.value.from}_${table.value.to}.${format}`,
    },
    receipt.auditId,
  );
}
