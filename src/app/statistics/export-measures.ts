/**
 * Every table of the measures screen as CSV or XLSX (issue 8 "CSV and XLSX for every report"):
 * the same report as `getMeasures` (`stats.read`), one table per measure, text cells neutralised
 * against formula injection by documents/tabular.ts. Aggregate counts only; the export is
 * recorded (audit event; a disclosure record when a recipient outside the agency is named, R24).
 */
import { type Cell, type Table, toCsv, toXlsx } from '../../documents/tabular.ts';
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { CONVICTION_CATEGORIES } from '../../domain/statistics.ts';
import { requireRecentAuth } from '../accounts/recent-auth.ts';
import type { Deps } from '../deps.ts';
import { type ExportedFile, isTableFormat, MEDIA_TYPES } from '../exports/export-conviction-table.ts';
import { checkRecipient, type RecipientInput, recordExport } from '../exports/record-export.ts';
import { getMeasures, type MeasuresInput, type MeasuresReport } from './get-measures.ts';

export const MEASURE_TABLES = [
  'activity',
  'activity-by-month',
  'criminality',
  'minor-offense',
  'detainer-outcomes',
  'lift-reasons',
  'hold-hours',
  'citizenship',
  'complaints',
  'training',
  'supervision',
  'convictions',
] as const;
export type MeasureTable = (typeof MEASURE_TABLES)[number];

export const isMeasureTable = (s: string): s is MeasureTable =>
  (MEASURE_TABLES as readonly string[]).includes(s);

const ACTIVITY = ['encounters', 'detainers', 'arrests', 'transfers', 'proceedings'] as const;

/** One table of the report; the window and filters are columns of every row, so a file stands alone. */
export function measureTable(r: MeasuresReport, id: MeasureTable): Table {
  const q = r.query;
  const scopeCols = ['from', 'to', 'model', 'state', 'agency'];
  const scope: Cell[] = [q.from, q.to, q.model ?? 'all', q.state ?? 'all', q.agency ?? 'all'];
  const t = (columns: string[], rows: Cell[][]): Table => ({
    columns: [...scopeCols, ...columns],
    rows: rows.map((row) => [...scope, ...row]),
  });
  const d = r.detainerOutcomes;
  switch (id) {
    case 'activity':
      return t(
        ['group_model', 'group_state', 'group_agency', ...ACTIVITY],
        r.byGroup.map((g) => [g.model, g.state, g.agency, ...ACTIVITY.map((c) => g[c])]),
      );
    case 'activity-by-month':
      return t(
        ['month', ...ACTIVITY],
        r.byMonth.map((m) => [m.month, ...ACTIVITY.map((c) => m[c])]),
      );
    case 'criminality':
      return t(
        ['class', 'encounters'],
        [
          ['convicted', r.criminality.convicted],
          ['pending_charges', r.criminality.pendingCharges],
          ['immigration_violation_only', r.criminality.immigrationOnly],
        ],
      );
    case 'minor-offense':
      return t(
        ['encounters_with_charge', 'most_serious_minor', 'percent'],
        [[r.minorOffense.charged, r.minorOffense.minor, r.minorOffense.percent]],
      );
    case 'detainer-outcomes':
      return t(
        ['outcome', 'detainers'],
        [
          ['assumed_custody', d.assumedCustody],
          ['lifted', d.lifted],
          ['released_at_48_hour_limit', d.releasedAtLimit],
          ['released_otherwise', d.releasedOther],
          ['pending', d.pending],
        ],
      );
    case 'lift-reasons':
      return t(
        ['reason', 'detainers'],
        d.liftReasons.map((x) => [x.reason, x.n]),
      );
    case 'hold-hours': {
      const h = r.holdHours;
      return t(
        ['holds', 'mean_hours', 'p95_hours', 'max_hours', 'over_holds_48h'],
        [[h.holds, h.meanHours, h.p95Hours, h.maxHours, h.overHolds]],
      );
    }
    case 'citizenship': {
      const c = r.citizenship;
      return t(
        ['claims', 'open', 'confirmed_citizen', 'not_citizen'],
        [[c.claims, c.open, c.citizen, c.notCitizen]],
      );
    }
    case 'complaints':
      return t(
        ['complaint_agency', 'complaint_state', 'complaints', 'encounters', 'per_1000_encounters'],
        [
          ...r.complaints.byAgency.map(
            (c) => [c.agency, c.state, c.complaints, c.encounters, c.per1000] as Cell[],
          ),
          ['all', 'all', r.complaints.complaints, r.complaints.encounters, r.complaints.per1000],
        ],
      );
    case 'training':
      return t(
        [
          'officer_agency',
          'officer_state',
          'officer_model',
          'officers',
          'trained',
          'trained_percent',
          'refresher_current',
          'refresher_percent',
          'as_of',
        ],
        r.training.map((x) => [
          x.agency,
          x.state,
          x.model,
          x.officers,
          x.trained,
          x.trainedPercent,
          x.refresherCurrent,
          x.refresherPercent,
          x.asOf,
        ]),
      );
    case 'supervision':
      return t(
        ['supervisor_id', 'supervisor', 'reviews', 'approvals', 'returns', 'median_review_minutes'],
        r.supervision.map((s) => [s.supervisor, s.name, s.reviews, s.approvals, s.returns, s.medianMinutes]),
      );
    case 'convictions': {
      const c = r.convictions;
      return t(
        ['measure', 'subjects'],
        [
          ['identified', c.identified],
          ['placed_in_proceedings', c.placedInProceedings],
          ...CONVICTION_CATEGORIES.map((k) => [k.key, c.categories[k.key]] as Cell[]),
        ],
      );
    }
  }
}

export interface ExportMeasuresInput extends MeasuresInput, RecipientInput {
  format?: string | undefined;
  measure?: string | undefined;
}

export async function exportMeasures(
  deps: Deps,
  actor: Actor,
  input: ExportMeasuresInput,
): Promise<Result<ExportedFile>> {
  const format = (input.format ?? 'csv').toLowerCase();
  if (!isTableFormat(format))
    return fail('invalid_input', `format "${input.format}" is not csv or xlsx.`, {
      where: { field: 'format' },
    });
  const measure = input.measure ?? '';
  if (!isMeasureTable(measure))
    return fail('invalid_input', `measure "${measure}" is not one of ${MEASURE_TABLES.join(', ')}.`, {
      where: { field: 'measure' },
    });
  const recipient = checkRecipient(input);
  if (!recipient.ok) return fail('invalid_input', recipient.message, { where: { field: recipient.field } });
  // getMeasures guards `stats.read` and checks the window and filters.
  const report = await getMeasures(deps, actor, input);
  if (!report.ok) return report;
  const stale = requireRecentAuth(deps, actor, 'export');
  if (stale) return stale;
  const table = measureTable(report.value, measure);
  const content =
    format === 'csv'
      ? new TextEncoder().encode(toCsv(table))
      : await toXlsx(table, { sheet: measure, at: deps.clock.now() });
  const q = report.value.query;
  const receipt = await recordExport(deps, actor, {
    report: `measures:${measure}`,
    format,
    nature: `Program measure "${measure}" (aggregate counts), ${q.from} to ${q.to}`,
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
      fileName: `measures-${measure}_${q.from}_${q.to}.${format}`,
    },
    receipt.auditId,
  );
}
