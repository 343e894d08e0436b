import { describe, expect, it } from 'vitest';
import {
  agencyKey,
  canonicalAgencyName,
  formatListFileProblem,
  isIsoDate,
  normaliseModel,
  parseSignedDate,
  snapshotFromFileName,
  stateName,
} from './registry.ts';

describe('normaliseModel', () => {
  it('maps the three model names, ignoring case and spacing', () => {
    expect(normaliseModel('Jail Enforcement Model')).toEqual({ model: 'JEM', misspelt: false });
    expect(normaliseModel('Warrant Service Officer')).toEqual({ model: 'WSO', misspelt: false });
    expect(normaliseModel('Task Force Model')).toEqual({ model: 'TFM', misspelt: false });
    expect(normaliseModel('Jail Enforcement Model ')).toEqual({ model: 'JEM', misspelt: false });
    expect(normaliseModel('  task   FORCE model')).toEqual({ model: 'TFM', misspelt: false });
  });

  it("accepts ICE's misspellings and marks them", () => {
    expect(normaliseModel('Warrant Service Office')).toEqual({ model: 'WSO', misspelt: true });
    expect(normaliseModel('Warrant Services Officer')).toEqual({ model: 'WSO', misspelt: true });
    expect(normaliseModel('Jail Enforcement')).toEqual({ model: 'JEM', misspelt: true });
    expect(normaliseModel('Task Force')).toEqual({ model: 'TFM', misspelt: true });
  });

  it('rejects anything else', () => {
    for (const raw of ['', 'JEM', 'Jail Model', 'Warrant Officer', 'Task Force Model 2', 'Enforcement']) {
      expect(normaliseModel(raw)).toBeNull();
    }
  });
});

describe('parseSignedDate', () => {
  it('accepts ISO, M/D/YY and M/D/YYYY', () => {
    expect(parseSignedDate('2020-06-09')).toBe('2020-06-09');
    expect(parseSignedDate('6/9/20')).toBe('2020-06-09');
    expect(parseSignedDate('9/22/25')).toBe('2025-09-22');
    expect(parseSignedDate('05/08/2025')).toBe('2025-05-08');
    expect(parseSignedDate(' 12/31/2025 ')).toBe('2025-12-31');
    expect(parseSignedDate('2/29/24')).toBe('2024-02-29');
  });

  it('gives null for malformed text instead of guessing', () => {
    for (const raw of ['05/082025', '7/72025', '', 'link', '2025-7-7', '2025/07/07', '7/7', '7-7-25']) {
      expect(parseSignedDate(raw)).toBeNull();
    }
  });

  it('gives null for dates that are not on the calendar or not possible signing dates', () => {
    for (const raw of ['2/29/25', '13/1/25', '0/10/25', '4/31/25', '2025-02-30', '5025-07-07', '1/1/1990']) {
      expect(parseSignedDate(raw)).toBeNull();
    }
  });
});

describe('isIsoDate', () => {
  it('accepts only valid YYYY-MM-DD', () => {
    expect(isIsoDate('2026-05-18')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-5-18')).toBe(false);
    expect(isIsoDate('5/18/26')).toBe(false);
    expect(isIsoDate(' 2026-05-18')).toBe(false);
  });
});

describe('snapshotFromFileName', () => {
  it.each([
    ['ice_287g_participating_2025-01-04.csv', '2025-01-04', 'participating'],
    ['ice_287g_pending_2025-05-15.xlsx', '2025-05-15', 'pending'],
    ['participatingAgencies05162025am.xlsx', '2025-05-16', 'participating'],
    ['pendingAgencies02272026am.xlsx', '2026-02-27', 'pending'],
    ['participatingAgencies07182025pm.xlsx', '2025-07-18', 'participating'],
    ['ParticipatingEntities-20210113002027.xlsx', '2021-01-13', 'participating'],
    ['participatingAgencies-20250221214937.xlsx', '2025-02-21', 'participating'],
    ['/some/dir/ice_287g_participating_2026-05-18.csv', '2026-05-18', 'participating'],
  ])('%s → %s %s', (name, date, list) => {
    expect(snapshotFromFileName(name)).toEqual({ date, list });
  });

  it('gives null for parts it cannot find or that are not calendar dates', () => {
    expect(snapshotFromFileName('agencies.csv')).toEqual({ date: null, list: null });
    expect(snapshotFromFileName('export_2025-03-06.xlsx')).toEqual({ date: '2025-03-06', list: null });
    expect(snapshotFromFileName('ice_287g_pending.csv')).toEqual({ date: null, list: 'pending' });
    expect(snapshotFromFileName('participatingAgencies13162025am.xlsx')).toEqual({
      date: null,
      list: 'participating',
    });
    expect(snapshotFromFileName('ice_287g_participating_2025-02-30.csv').date).toBeNull();
    expect(snapshotFromFileName('2025-01-04/agencies.csv').date).toBeNull();
  });
});

describe('stateName and canonicalAgencyName', () => {
  it('normalises the state', () => {
    expect(stateName(' Texas ')).toBe('TEXAS');
    expect(stateName('new  york')).toBe('NEW YORK');
  });

  it('keeps the display name but cleans whitespace and curly apostrophes', () => {
    expect(canonicalAgencyName("Autauga County Sheriff's Office ")).toBe("Autauga County Sheriff's Office");
    expect(canonicalAgencyName('Kansas  Bureau Of Investigation')).toBe('Kansas Bureau Of Investigation');
    expect(canonicalAgencyName('Pasco County Sheriff\u2019s Office')).toBe("Pasco County Sheriff's Office");
    expect(canonicalAgencyName('\r\nSchuylkill County')).toBe('Schuylkill County');
  });
});

describe('agencyKey', () => {
  const same = (state: string, a: string, b: string) => expect(agencyKey(state, a)).toBe(agencyKey(state, b));
  const different = (state: string, a: string, b: string) =>
    expect(agencyKey(state, a)).not.toBe(agencyKey(state, b));

  it('includes the state and a normalised name', () => {
    expect(agencyKey('ALASKA', 'Alaska Department of Corrections')).toBe('alaska|department of corrections');
    expect(agencyKey(' new york ', 'Nassau County PD')).toBe('new york|nassau county police department');
  });

  it('resolves the spelling drift seen between real snapshots', () => {
    same('ALASKA', 'Alaska Department of Corrections', 'Department of Corrections');
    same('TEXAS', 'Texas Office of the Attorney General', 'Office of the Attorney General');
    same('FLORIDA', 'Pasco County Sheriff\u2019s Office', "Pasco County Sheriff's Office ");
    same('KANSAS', 'Kansas  Bureau Of Investigation', 'Kansas Bureau of Investigation');
    same('FLORIDA', "St Johns County Sheriff's Office", "St. Johns County Sheriff's Office");
    same('FLORIDA', 'Miami Dade Sheriff\u2019s Office', "Miami-Dade Sheriff's Office");
    same(
      'FLORIDA',
      'Florida Fish & Wildlife Conservation Commission',
      'Florida Fish and Wildlife Conservation Commission',
    );
    same('FLORIDA', 'Ft. Myers Police Department', 'Fort Myers Police Department');
    same('FLORIDA', 'City of Melbourne Police Department', 'Melbourne Police Department');
    same('FLORIDA', 'Town of Palm Beach Police Department', 'Palm Beach Police Department');
    same('FLORIDA', 'Alachua Police Departent', 'Alachua Police Department');
    same('OKLAHOMA', 'Oklahoma Dept. of Public Safety', 'Oklahoma Department of Public Safety');
    same('OKLAHOMA', "Texas County's Sheriff's Office", "Texas County Sheriff's Office");
    same('MONTANA', "Flathead County Sheriff's Department", "Flathead County Sheriff's Office");
    same('MICHIGAN', "Berrian County Sheriff's Offic", "Berrian County Sheriff's Office");
    same('NEW HAMPSHIRE', 'New Hampshire State Police', 'New Hampshire State Police Department');
    same(
      'PENNSYLVANIA',
      'Lower Burrell Fourth Ward Constable',
      "Lower Burrell Fourth Ward Constable's Office",
    );
    same('PENNSYLVANIA', "Greene Township Constables's Office", "Greene Township Constable's Office");
    same('PENNSYLVANIA', 'Coolspring Township Constbales Office', "Coolspring Township Constable's Office");
    same('TEXAS', "Galveston County Constable's Office Pct.1", 'Galveston County Constable Precinct 1');
    same('NEW JERSEY', "Monmouth County Sheriff's Office (Addendum)", "Monmouth County Sheriff's Office");
  });

  it('expands the common abbreviations', () => {
    same('TEXAS', 'Rusk Co SO', "Rusk County Sheriff's Office");
    same('TEXAS', 'Rusk County Sheriffs Ofc', "Rusk County Sheriff's Office");
    same('TEXAS', 'Rusk County Sheriff Dept', "Rusk County Sheriff's Office");
    same('TEXAS', 'Houston PD', 'Houston Police Department');
    same('PENNSYLVANIA', 'Mahoning Twp Police Department', 'Mahoning Township Police Department');
    same('MISSOURI', 'St. Charles County Police Department', 'Saint Charles County Police Department');
    same('NEW MEXICO', 'Do\u00f1a Ana County Sheriff\u2019s Office', "Dona Ana County Sheriff's Office");
    same('ALASKA', 'Department of Corrections, Alaska', 'Department of Corrections');
    same('ALASKA', 'State of Alaska Department of Corrections', 'Department of Corrections');
  });

  it('keeps distinct agencies apart', () => {
    different('FLORIDA', "Alachua County Sheriff's Office", 'Alachua Police Department');
    different('FLORIDA', 'Palm Beach Police Department', 'West Palm Beach Police Department');
    different('FLORIDA', "Palm Beach County Sheriff's Office", 'Palm Beach Police Department');
    different('NEW YORK', 'Nassau County Police Department', "Nassau County Sheriff's Office");
    different('TEXAS', 'Galveston County Constable Precinct 2', "Galveston County Constable's Office Pct.1");
    different(
      'TEXAS',
      'Parker County (County) Attorney\u2019s Office',
      "Parker County District Attorney's Office",
    );
    different(
      'ARKANSAS',
      'Arkansas Department of Public Safety',
      'Arkansas Department of Public Safety-Crime Information Center',
    );
    different('TEXAS', 'Texas City Police Department', 'Texas Police Department');
    different(
      'PENNSYLVANIA',
      'So Middleton Township Police Department',
      'Middleton Township Police Department',
    );
    different('ALASKA', 'Alaska Department of Corrections', 'Department of Public Safety');
  });

  it('keeps a place name that starts with the state name', () => {
    expect(agencyKey('KANSAS', 'Kansas City Police Department')).toBe('kansas|kansas city police department');
    expect(agencyKey('UTAH', "Utah County Sheriff's Office")).toBe('utah|utah county sheriffs office');
    expect(agencyKey('VIRGINIA', 'Virginia Beach Police Department')).toBe(
      'virginia|virginia beach police department',
    );
    expect(agencyKey('FLORIDA', 'Florida City Police Department')).toBe(
      'florida|florida city police department',
    );
    expect(agencyKey('KANSAS', 'Kansas')).toBe('kansas|kansas');
  });
});

describe('formatListFileProblem', () => {
  it('renders file:row:column: message', () => {
    expect(
      formatListFileProblem({ file: 'a.csv', row: 7, column: 'SUPPORT TYPE', message: 'unknown model' }),
    ).toBe('a.csv:7:SUPPORT TYPE: unknown model');
    expect(formatListFileProblem({ file: 'a.csv', message: 'file not found' })).toBe('a.csv: file not found');
  });
});
