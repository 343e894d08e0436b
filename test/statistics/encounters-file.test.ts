/** The encounters file's header and row check (pure). */
import { describe, expect, it } from 'vitest';
import {
  checkHeader,
  ENCOUNTER_COLUMNS,
  formatEncounterProblem,
  parseEncounterRow,
  rowFingerprint,
} from '../../src/domain/encounters-file.ts';

const TODAY = '2026-01-01';
const fields = (s: string) => s.split(',');

describe('checkHeader', () => {
  it('refuses columns out of order, and names missing ones', () => {
    expect(checkHeader([...ENCOUNTER_COLUMNS].reverse())?.message).toMatch(/out of order/);
    expect(checkHeader(ENCOUNTER_COLUMNS.slice(1))?.message).toMatch(/missing encounter_id/);
    expect(checkHeader([...ENCOUNTER_COLUMNS, 'notes'])?.field).toBe('header');
  });
  it('accepts the ten columns with stray spaces', () => {
    expect(checkHeader(ENCOUNTER_COLUMNS.map((c) => ` ${c} `))).toBeNull();
  });
});

describe('parseEncounterRow', () => {
  it('reports the first bad field in column order', () => {
    const r = parseEncounterRow(fields(',X,ZZ,HARBOR,2019-01-01,S1,,,true,false'), 7, TODAY);
    expect(r).toEqual({ ok: false, problem: { line: 7, field: 'encounter_id', message: 'is empty.' } });
    if (!r.ok) expect(formatEncounterProblem('f.csv', r.problem)).toBe('f.csv:7:encounter_id: is empty.');
  });
  it('refuses a conviction dated after today and an identifier with spaces', () => {
    expect(
      parseEncounterRow(fields('E1,X,TX,JEM,2019-01-01,S1,1313@2026-01-02,,true,false'), 2, TODAY),
    ).toMatchObject({
      ok: false,
      problem: { field: 'convictions', message: expect.stringMatching(/after today/) },
    });
    expect(parseEncounterRow(fields('E 1,X,TX,JEM,2019-01-01,S1,,,true,false'), 2, TODAY)).toMatchObject({
      ok: false,
      problem: { field: 'encounter_id' },
    });
  });
  it('reads a good row, upper-casing state and model and trimming items', () => {
    const r = parseEncounterRow(
      fields(
        ' E1 ,Harris County Sheriff,tx,jem,2019-01-01,S1,1313@2018-01-01; 3562@2017-02-02,5212;4801,true,false',
      ),
      2,
      TODAY,
    );
    expect(r).toEqual({
      ok: true,
      row: {
        encounterId: 'E1',
        agency: 'Harris County Sheriff',
        state: 'TX',
        model: 'JEM',
        encounterDate: '2019-01-01',
        subjectId: 'S1',
        convictions: [
          { code: '1313', date: '2018-01-01' },
          { code: '3562', date: '2017-02-02' },
        ],
        pendingCharges: ['5212', '4801'],
        detainerIssued: true,
        removalProceedings: false,
      },
    });
  });
  it('fingerprints content, not spelling', () => {
    const a = parseEncounterRow(fields('E1,X,tx,JEM,2019-01-01,S1,,,true,false'), 2, TODAY);
    const b = parseEncounterRow(fields('E1,X,TX,jem,2019-01-01,S1,,,true,false'), 9, TODAY);
    const c = parseEncounterRow(fields('E1,X,TX,JEM,2019-01-01,S1,,,true,true'), 9, TODAY);
    if (!a.ok || !b.ok || !c.ok) throw new Error('rows should parse');
    expect(rowFingerprint(a.row)).toBe(rowFingerprint(b.row));
    expect(rowFingerprint(a.row)).not.toBe(rowFingerprint(c.row));
  });
});
