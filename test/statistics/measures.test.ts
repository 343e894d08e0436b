/**
 * The counting rules of the program measures (domain/measures.ts), edge cases first: a
 * conviction after the encounter, ties and unlisted categories in the most serious charge, a
 * minor offense beside a serious one, percentiles at the edges, a case without a subject, each
 * detainer outcome, and the screen's input checks.
 */
import { describe, expect, it } from 'vitest';
import { MEASURE_TABLES, measureTable } from '../../src/app/statistics/export-measures.ts';
import { checkMeasuresInput } from '../../src/app/statistics/get-measures.ts';
import { toCsv } from '../../src/documents/tabular.ts';
import type { CaseRecord } from '../../src/domain/jem-case.ts';
import {
  type CaseSource,
  caseEncounterFacts,
  criminalityClass,
  isMinorOffense,
  MEASURES,
  measuresDirect,
  mostSeriousCharge,
  OFFENSE_LIST,
  quantileOf,
} from '../../src/domain/measures.ts';

const on = (
  date: string,
  convictions: { code: string; date: string }[] = [],
  pendingCharges: string[] = [],
) => ({
  date,
  convictions,
  pendingCharges,
});

describe('criminality class', () => {
  it('a conviction dated after the encounter does not make it "convicted"', () => {
    expect(criminalityClass(on('2020-01-01', [{ code: '1313', date: '2020-01-02' }]))).toBe(
      'immigration_only',
    );
    expect(criminalityClass(on('2020-01-01', [{ code: '1313', date: '2020-01-02' }], ['5404']))).toBe(
      'pending_charges',
    );
  });
  it('a conviction on the encounter day counts', () => {
    expect(criminalityClass(on('2020-01-01', [{ code: '1313', date: '2020-01-01' }], ['5404']))).toBe(
      'convicted',
    );
  });
});

describe('most serious charge and the minor-offense list', () => {
  it('no charge: none, and the encounter is outside the share', () => {
    expect(mostSeriousCharge([])).toBeNull();
    expect(isMinorOffense(on('2020-01-01'))).toBeNull();
  });
  it('ranks by the configured order, ties by the lower code, unlisted categories last', () => {
    expect(mostSeriousCharge(['5404', '1313', '0911'])).toBe('0911');
    expect(mostSeriousCharge(['1399', '1313'])).toBe('1313');
    expect(mostSeriousCharge(['9999', '5404'])).toBe('5404');
  });
  it('a traffic charge alone is minor; beside an assault it is not', () => {
    expect(OFFENSE_LIST.minor).toContain('54');
    expect(isMinorOffense(on('2020-01-01', [], ['5404']))).toBe(true);
    expect(isMinorOffense(on('2020-01-01', [{ code: '1313', date: '2019-01-01' }], ['5404']))).toBe(false);
  });
  it('a serious conviction dated after the encounter does not lift a minor charge', () => {
    expect(isMinorOffense(on('2020-01-01', [{ code: '0911', date: '2021-01-01' }], ['5404']))).toBe(true);
  });
});

describe('percentiles from exact histograms', () => {
  it('empty is null; nearest rank otherwise', () => {
    expect(quantileOf([], 0.95)).toBeNull();
    expect(quantileOf([[0, 0]], 0.5)).toBeNull();
    expect(quantileOf([[7, 1]], 0.95)).toBe(7);
    const twenty = Array.from({ length: 20 }, (_, i) => [i + 1, 1] as [number, number]);
    expect(quantileOf(twenty, 0.95)).toBe(19);
    expect(quantileOf(twenty, 0.5)).toBe(10);
    expect(
      quantileOf(
        [
          [30, 3],
          [10, 1],
        ],
        0.5,
      ),
    ).toBe(30);
  });
});

const source = (over: Partial<CaseSource> = {}, record: CaseRecord = {}): CaseSource => ({
  caseId: 'c1',
  model: 'JEM',
  agency: 'Harris County',
  state: 'TX',
  subjectId: 's1',
  openedAt: new Date('2026-03-10T15:00:00Z'),
  record,
  outcome: null,
  closedAt: null,
  holdStartedAt: null,
  bookingCharges: ['5404'],
  ncic: [],
  ...over,
});

const served = { served: { at: '2026-03-11T10:00:00Z', by: 'u', language: 'en' } };
const detainer = {
  basis: 'final_order' as const,
  basisNarrative: 'x',
  draftedAt: '2026-03-11T09:00:00Z',
  draftedBy: 'u',
  ...served,
};

describe('a case as an encounter', () => {
  it('a case without a subject is not an encounter yet', () => {
    expect(caseEncounterFacts(source({ subjectId: null }))).toBeNull();
  });
  it('an open case: its booking charges are pending charges; convictions from NCIC/III, once each', () => {
    const conv = { code: '1313', date: '2019-05-01' };
    const f = caseEncounterFacts(
      source({
        ncic: [
          { convictions: [conv], pendingCharges: ['3562'] },
          { convictions: [conv], pendingCharges: [] },
        ],
      }),
    );
    expect(f).toMatchObject({
      date: '2026-03-10',
      convictions: [conv],
      pendingCharges: ['3562', '5404'],
      detainerIssued: false,
      detainerOutcome: null,
      holdMinutes: null,
      citizenship: null,
    });
  });
  it('custody assumed after a served detainer: outcome, transfer, arrest and the hold in minutes', () => {
    const f = caseEncounterFacts(
      source(
        {
          outcome: 'ice_assumed_custody',
          holdStartedAt: new Date('2026-03-12T00:00:00Z'),
          closedAt: new Date('2026-03-13T06:00:00Z'),
        },
        {
          detainer,
          custody: {
            at: '2026-03-13T01:30:59Z',
            by: 'u',
            i286Served: true,
            i203Issued: true,
            receivingFacility: 'F',
          },
        },
      ),
    );
    expect(f).toMatchObject({
      detainerIssued: true,
      detainerOutcome: 'assumed_custody',
      transfer: true,
      arrest: true,
      holdMinutes: 25 * 60 + 30,
    });
  });
  it('a lifted detainer keeps its reason; a release at the limit is an over-hold only past 48 hours', () => {
    const lifted = caseEncounterFacts(
      source(
        { outcome: 'detainer_lifted', closedAt: new Date('2026-03-12T00:00:00Z') },
        { detainer, lift: { at: '2026-03-12T00:00:00Z', by: 'u', reason: 'lawful_status_found', note: '' } },
      ),
    );
    expect(lifted).toMatchObject({ detainerOutcome: 'lifted', liftReason: 'lawful_status_found' });
    const atLimit = caseEncounterFacts(
      source(
        {
          outcome: 'released_at_hold_limit',
          holdStartedAt: new Date('2026-03-12T00:00:00Z'),
          closedAt: new Date('2026-03-14T00:00:00Z'),
        },
        { detainer },
      ),
    );
    expect(atLimit).toMatchObject({ detainerOutcome: 'released_at_limit', holdMinutes: 48 * 60 });
    const rows = [atLimit!, { ...atLimit!, holdMinutes: 48 * 60 + 1 }];
    expect(measuresDirect(rows, { from: '2026-03', to: '2026-03' }).totals.over_holds).toBe(1);
  });
  it('a WSO warrant is a detainer; its transfer ends the custody clock', () => {
    const f = caseEncounterFacts(
      source(
        { model: 'WSO', outcome: 'transferred_to_ice' },
        {
          wsoWarrant: {
            form: 'I-200',
            number: 'W1',
            lodgedAt: '2026-03-10T00:00:00Z',
            lodgedBy: 'u',
            served: { at: '2026-03-11T00:00:00Z', by: 'u' },
            transfer: { at: '2026-03-11T12:00:00Z', by: 'u', receivingFacility: 'F' },
          },
        },
      ),
    );
    expect(f).toMatchObject({
      detainerIssued: true,
      detainerOutcome: 'assumed_custody',
      arrest: true,
      transfer: true,
      holdMinutes: 720,
    });
  });
  it('a TFM encounter is dated by the encounter; a claim is open until the review resolves it', () => {
    const encounter = {
      at: '2026-02-28T23:00:00Z',
      by: 'u',
      jurisdiction: 'J',
      location: 'L',
      basis: 'traffic_violation' as const,
      basisNarrative: 'n',
      person: {},
    };
    expect(caseEncounterFacts(source({ model: 'TFM' }, { encounter }))?.date).toBe('2026-02-28');
    const citizenship = {
      openedAt: 'x',
      source: 'claim' as const,
      statement: 's',
      resumeStatus: 'interviewed' as const,
    };
    expect(caseEncounterFacts(source({}, { citizenship }))?.citizenship).toBe('open');
    const resolved = {
      ...citizenship,
      resolution: { at: 'x', by: 'u', finding: 'citizen' as const, evidence: 'e', counselConsulted: true },
    };
    expect(caseEncounterFacts(source({}, { citizenship: resolved }))?.citizenship).toBe('citizen');
  });
  it('each I-213 review is timed from the submission it decided; known reviews keep their time', () => {
    const i213 = {
      narrative: 'n',
      submittedAt: '2026-03-10T12:00:00Z',
      submittedBy: 'o',
      reviews: [{ at: '2026-03-10T12:45:00Z', by: 'sup', decision: 'returned' as const, reasons: 'r' }],
    };
    const first = caseEncounterFacts(source({}, { i213 }))!;
    expect(first.reviews).toEqual([{ by: 'sup', decision: 'returned', minutes: 45, on: '2026-03-10' }]);
    const resubmitted = {
      ...i213,
      submittedAt: '2026-03-11T08:00:00Z',
      reviews: [
        ...i213.reviews,
        { at: '2026-03-11T08:10:00Z', by: 'sup', decision: 'approved' as const, reasons: '' },
      ],
    };
    const second = caseEncounterFacts(source({}, { i213: resubmitted }), first.reviews)!;
    expect(second.reviews.map((r) => r.minutes)).toEqual([45, 10]);
    expect(second.removalProceedings).toBe(false);
  });
});

describe('the screen input and its tables', () => {
  const today = new Date('2026-11-29T12:00:00Z');
  it('refuses a bad month, an inverted window, an unknown model or state', () => {
    expect(checkMeasuresInput({ from: '2026-13' }, today)).toMatchObject({ ok: false, field: 'from' });
    // A bad `to` alone (the default `from` is computed from it) is refused, not thrown.
    expect(checkMeasuresInput({ to: ':' }, today)).toMatchObject({ ok: false, field: 'to' });
    expect(checkMeasuresInput({ from: '2026-05', to: '2026-04' }, today)).toMatchObject({
      ok: false,
      field: 'to',
    });
    expect(checkMeasuresInput({ model: 'HARBOR' }, today)).toMatchObject({ ok: false, field: 'model' });
    expect(checkMeasuresInput({ state: 'TEXAS' }, today)).toMatchObject({ ok: false, field: 'state' });
  });
  it('defaults to the twelve months ending this month', () => {
    expect(checkMeasuresInput({}, today)).toMatchObject({
      ok: true,
      query: { from: '2025-12', to: '2026-11' },
    });
  });
  it('every measure has a definition, lineage and precision', () => {
    for (const m of MEASURES)
      for (const k of ['definition', 'countingRule', 'lineage', 'precision'] as const)
        expect(m[k].length).toBeGreaterThan(10);
  });
  it('every table carries the window and filters on each row', async () => {
    const { assembleReport } = await import('../../src/app/statistics/get-measures.ts');
    const report = assembleReport(
      { from: '2026-01', to: '2026-02', agency: '=HYPERLINK("x")' },
      {
        byMonth: [],
        byGroup: [],
        agencies: [],
        holds: [],
        lifts: [],
        reviews: [],
        complaints: [],
        training: [],
        convictionCounts: [],
      },
    );
    for (const id of MEASURE_TABLES) {
      const t = measureTable(report, id);
      expect(t.columns.slice(0, 5)).toEqual(['from', 'to', 'model', 'state', 'agency']);
      for (const row of t.rows)
        expect(row.slice(0, 5)).toEqual(['2026-01', '2026-02', 'all', 'all', '=HYPERLINK("x")']);
    }
    // The file neutralises a text cell a spreadsheet would read as a formula.
    expect(toCsv(measureTable(report, 'criminality'))).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
