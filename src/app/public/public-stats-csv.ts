/**
 * The public dashboard's downloads: each table as CSV (rounded counts and percentages from
 * them), and one CSV holding the data dictionary and the methodology note. Pure.
 */
import { type Table, toCsv } from '../../documents/tabular.ts';
import { ALL_VALUES, type PublishedTable, percentOfRounded } from '../../domain/disclosure-control.ts';
import { RECORD_MEASURES, SUBJECT_MEASURES } from '../../domain/public-tables.ts';

export const METHODOLOGY = [
  'Source: historical encounter records of the 287(g) program imported into Delegate.',
  'Period: the eight complete calendar quarters before the release date; "*" means all (a total).',
  'Every published count, including subtotals and totals, is rounded to the nearest 10 (0-4 to 0, 5-14 to 10, 15-24 to 20, and so on), so totals need not equal the sum of the rows.',
  'Percentages are computed from the rounded counts.',
  'Record counts count encounter records; subject counts count each subject once per cell, so a subject encountered in two quarters counts in both quarters and once in the total.',
  'A conviction counts for an encounter on or after the conviction date; categories follow the first two digits of the NCIC offense code.',
  'The tables are fixed; no other breakdown is published. No table is broken down by protected status under 8 U.S.C. 1367, victim or witness status, age, health, race, ethnicity, religion, language, national origin or citizenship.',
  'Before publication each release passes an automated check: no count can be narrowed to 1-10 by subtraction from totals or from the previous release.',
];

export const DATA_DICTIONARY: Table = {
  columns: ['column', 'meaning'],
  rows: [
    ['table', 'The table identifier.'],
    ['measure', 'What is counted (see the measures below).'],
    [
      'model',
      '287(g) model: JEM (jail enforcement), WSO (warrant service officer), TFM (task force); * for all.',
    ],
    ['state', 'USPS code of the state or territory of the agency; * for all.'],
    ['quarter', 'Calendar quarter YYYY-Qn; * for the whole period.'],
    ['count', 'The count rounded to the nearest 10.'],
    [
      'percent_of_total',
      'The count as a percentage of the same measure and quarter for all models (or states), from rounded counts; empty when that total is 0.',
    ],
    ...RECORD_MEASURES.map((m) => [`measure=${m.key}`, m.label] as const),
    ...SUBJECT_MEASURES.map((m) => [`measure=${m.key}`, m.label] as const),
  ],
};

/** One table as CSV rows, with the percentage of the matching total from rounded counts. */
export function tableCsv(t: PublishedTable): string {
  const value = new Map(t.cells.map((c) => [c.key.join('\u0000'), c.value]));
  const rows = t.cells.map((c) => {
    const total = value.get([c.key[0], ALL_VALUES, c.key[2]].join('\u0000')) ?? 0;
    const pct = c.key[1] === ALL_VALUES ? null : percentOfRounded(c.value, total);
    return [t.id, ...c.key, c.value, pct];
  });
  return toCsv({ columns: ['table', ...t.dimensions, 'count', 'percent_of_total'], rows });
}

/** The data dictionary and methodology note as one CSV. */
export function dictionaryCsv(): string {
  return toCsv({
    columns: DATA_DICTIONARY.columns,
    rows: [...DATA_DICTIONARY.rows, ...METHODOLOGY.map((m, i) => [`methodology ${i + 1}`, m] as const)],
  });
}
