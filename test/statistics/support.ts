/** Helpers of the statistics tests: encounters files written into a temporary directory. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { ENCOUNTER_COLUMNS } from '../../src/domain/encounters-file.ts';
import type { EncounterFacts } from '../../src/domain/statistics.ts';
import type { Db } from '../../src/store/db.ts';

export const HEADER = ENCOUNTER_COLUMNS.join(',');

export interface FileRow extends EncounterFacts {
  encounterId: string;
  agency?: string;
  pendingCharges?: string[];
  detainerIssued?: boolean;
}

export const csvLine = (r: FileRow) =>
  [
    r.encounterId,
    r.agency ?? `${r.state} County Sheriff's Office`,
    r.state,
    r.model,
    r.date,
    r.subjectId,
    r.convictions.map((c) => `${c.code}@${c.date}`).join(';'),
    (r.pendingCharges ?? []).join(';'),
    String(r.detainerIssued ?? false),
    String(r.removalProceedings),
  ].join(',');

export const csvOf = (rows: readonly FileRow[]) => `${[HEADER, ...rows.map(csvLine)].join('\n')}\n`;

export function scratchDir(prefix = 'delegate-stats-'): {
  dir: string;
  write(name: string, text: string): string;
  remove(): void;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    write(name, text) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A known-totals file: 8 subjects, 11 encounters, covering every rule of the count. The
 * expected figures below are counted by hand from these rows.
 */
export const KNOWN = `${HEADER}
A1,Harris County Sheriff's Office,TX,JEM,2017-10-01,P1,1313@2015-02-01,,true,true
A2,Harris County Sheriff's Office,TX,JEM,2019-02-01,P1,1313@2015-02-01;1399@2018-06-01,,true,false
A3,Polk County Sheriff's Office,FL,TFM,2020-09-30,P2,3562@2020-10-15,,true,true
A4,Polk County Sheriff's Office,FL,TFM,2017-09-30,P3,0911@2010-01-01,,true,true
A5,Maricopa County Sheriff's Office,AZ,WSO,2020-10-01,P4,5211@2019-01-01,,true,true
A6,Harris County Sheriff's Office,TX,TFM,2018-05-05,P5,1205@2018-05-05;3599@2019-01-01,,false,false
A7,Maricopa County Sheriff's Office,AZ,WSO,2019-07-07,P5,,,true,true
A8,Harris County Sheriff's Office,TX,JEM,2019-03-03,P6,1102@2001-01-01;3601@2005-05-05;4801@2012-12-12;5212@2016-06-06;1001@2003-03-03,1313,true,false
A9,Orange County Sheriff's Office,CA,JEM,2018-08-08,P7,0399@2010-01-01,3562,false,false
A10,Harris County Sheriff's Office,TX,JEM,2018-01-01,P8,0912@2019-01-01,,true,true
A11,Harris County Sheriff's Office,TX,JEM,2020-01-01,P8,0912@2019-01-01,,true,false
`;

const cats = (c: Partial<Record<string, number>>) => ({
  homicide: 0,
  kidnapping: 0,
  sexual_assault: 0,
  robbery: 0,
  assault: 0,
  dangerous_drugs: 0,
  sex_offenses: 0,
  obstructing_police: 0,
  weapon_offenses: 0,
  ...c,
});

/** [flags, expected JSON], counted by hand from KNOWN. */
export const KNOWN_EXPECTED: [
  { from: string; to: string; model?: string; state?: string },
  Record<string, unknown>,
][] = [
  [
    { from: '2017-10-01', to: '2020-09-30' },
    {
      from: '2017-10-01',
      to: '2020-09-30',
      identified: 6, // P1 P2 P5 P6 P7 P8 (P3 the day before, P4 the day after)
      placedInProceedings: 4, // P1 (A1), P2 (A3), P5 (A7), P8 (A10)
      categories: cats({
        homicide: 1, // P8 through A11 (conviction 2019 after A10, before A11)
        kidnapping: 1, // P6
        sexual_assault: 1, // P6
        robbery: 1, // P5 (convicted the day of A6)
        assault: 1, // P1, two assault convictions
        dangerous_drugs: 1, // P5 through A7 (conviction listed on A6); P2's is after A3
        sex_offenses: 1,
        obstructing_police: 1,
        weapon_offenses: 1, // P6; P4 is after the window
      }),
    },
  ],
  [
    { from: '2018-01-01', to: '2018-12-31' },
    {
      from: '2018-01-01',
      to: '2018-12-31',
      identified: 3, // P5 (A6), P7 (A9), P8 (A10)
      placedInProceedings: 1, // P8
      categories: cats({ robbery: 1 }), // P8's homicide and P5's drugs come later
    },
  ],
  [
    { from: '2017-10-01', to: '2020-09-30', model: 'JEM' },
    {
      from: '2017-10-01',
      to: '2020-09-30',
      identified: 4, // P1 P6 P7 P8
      placedInProceedings: 2, // P1 P8
      categories: cats({
        homicide: 1,
        kidnapping: 1,
        sexual_assault: 1,
        assault: 1,
        sex_offenses: 1,
        obstructing_police: 1,
        weapon_offenses: 1,
      }),
    },
  ],
  [
    { from: '2017-10-01', to: '2020-09-30', state: 'AZ' },
    {
      from: '2017-10-01',
      to: '2020-09-30',
      identified: 1, // P5 (A7)
      placedInProceedings: 1,
      categories: cats({ robbery: 1, dangerous_drugs: 1 }),
    },
  ],
  [
    { from: '2017-10-01', to: '2020-09-30', model: 'TFM', state: 'FL' },
    { from: '2017-10-01', to: '2020-09-30', identified: 1, placedInProceedings: 1, categories: cats({}) },
  ],
  [
    { from: '2020-09-30', to: '2020-09-30' },
    { from: '2020-09-30', to: '2020-09-30', identified: 1, placedInProceedings: 1, categories: cats({}) },
  ],
  [
    { from: '2017-09-30', to: '2017-10-01' },
    {
      from: '2017-09-30',
      to: '2017-10-01',
      identified: 2, // P3, P1
      placedInProceedings: 2,
      categories: cats({ homicide: 1, assault: 1 }),
    },
  ],
];

/** Row counts of the tables an import writes. */
export async function statisticsTables(db: Db) {
  const r = await sql<{ t: string; n: number }>`
    SELECT 'encounters' AS t, count(*)::int AS n FROM encounters
    UNION ALL SELECT 'encounter_imports', count(*)::int FROM encounter_imports
    UNION ALL SELECT 'stat_subject_days', count(*)::int FROM stat_subject_days
    UNION ALL SELECT 'stat_subject_repeats', count(*)::int FROM stat_subject_repeats
    UNION ALL SELECT 'through_seq', through_seq::int FROM stat_rollup_state`.execute(db);
  return Object.fromEntries(r.rows.map((x) => [x.t, Number(x.n)]));
}
