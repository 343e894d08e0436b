/**
 * A seeded, synthetic registry for the demo: invented places and agencies in real states, with
 * agreements of all three models across a few dated lists. No real agency's list and no real
 * person is used; ICE's real lists are test fixtures under ../shared/data only.
 */
import {
  type ListKind,
  type ListRow,
  MODEL_NAMES,
  type Model,
  type ParsedList,
} from '../../domain/registry.ts';

/** mulberry32: a small, well-known deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES = [
  'Ashgrove',
  'Bexmoor',
  'Brannock',
  'Calder',
  'Cinderfield',
  'Dunmore',
  'Elmstead',
  'Fairhollow',
  'Glenrock',
  'Harlow',
  'Ironbridge',
  'Juniper',
  'Kestrel',
  'Larkspur',
  'Marrow',
  'Northam',
  'Oakhurst',
  'Pellham',
  'Quarryville',
  'Redfern',
  'Stonebrook',
  'Thornbury',
  'Umberleigh',
  'Valemont',
  'Westerly',
  'Yarrow',
];

const STATES = [
  'ALABAMA',
  'ARIZONA',
  'ARKANSAS',
  'FLORIDA',
  'GEORGIA',
  'IDAHO',
  'INDIANA',
  'LOUISIANA',
  'MISSOURI',
  'MONTANA',
  'NORTH CAROLINA',
  'OHIO',
  'OKLAHOMA',
  'PENNSYLVANIA',
  'SOUTH CAROLINA',
  'TENNESSEE',
  'TEXAS',
  'UTAH',
  'VIRGINIA',
  'WYOMING',
];

interface DemoAgency {
  state: string;
  name: string;
  type: string;
  county: string | null;
  models: Model[];
  signed: string;
  joinsAt: number;
}

/** Snapshot dates of the demo lists; the last participating list is the "current" one. */
export const DEMO_SNAPSHOTS = ['2025-01-06', '2025-07-07', '2026-01-05', '2026-07-06'] as const;

export function syntheticAgencies(seed = 287): DemoAgency[] {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const out: DemoAgency[] = [];
  const used = new Set<string>();
  for (let i = 0; i < 180; i++) {
    const state = pick(STATES);
    const place = pick(PLACES);
    const kind = rand();
    const [name, type] =
      kind < 0.6
        ? [`${place} County Sheriff's Office`, 'County']
        : kind < 0.93
          ? [`${place} Police Department`, 'Municipality']
          : [`${titleCase(state)} Department of Public Safety`, 'State Agency'];
    if (used.has(`${state}|${name}`)) continue;
    used.add(`${state}|${name}`);
    const r = rand();
    const models: Model[] =
      r < 0.45
        ? ['TFM']
        : r < 0.7
          ? ['WSO']
          : r < 0.82
            ? ['JEM']
            : r < 0.92
              ? ['TFM', 'WSO']
              : ['JEM', 'TFM'];
    const joinsAt = Math.min(
      DEMO_SNAPSHOTS.length,
      Math.floor(rand() * rand() * (DEMO_SNAPSHOTS.length + 1)),
    );
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    const year =
      joinsAt === 0 ? 2018 + Math.floor(rand() * 6) : Number(DEMO_SNAPSHOTS[joinsAt - 1]!.slice(0, 4));
    const signed = `${year}-${pad(joinsAt === 0 ? month : Math.min(month, 6))}-${pad(day)}`;
    out.push({
      state,
      name,
      type,
      county: type === 'State Agency' ? null : `${place} County`,
      models,
      signed,
      joinsAt,
    });
  }
  return out;
}

/** The demo's participating and pending lists, in the shape the ICE list reader produces. */
export function syntheticLists(seed = 287): ParsedList[] {
  const agencies = syntheticAgencies(seed);
  const lists: ParsedList[] = [];
  DEMO_SNAPSHOTS.forEach((date, i) => {
    const participating = agencies.filter((a) => a.joinsAt <= i);
    lists.push(list('participating', date, participating, true));
    if (i === DEMO_SNAPSHOTS.length - 1) {
      lists.push(
        list(
          'pending',
          date,
          agencies.filter((a) => a.joinsAt === DEMO_SNAPSHOTS.length),
          false,
        ),
      );
    }
  });
  return lists;
}

function list(kind: ListKind, date: string, agencies: DemoAgency[], signed: boolean): ParsedList {
  const rows: ListRow[] = [];
  for (const a of agencies) {
    for (const model of a.models) {
      rows.push({
        rowNumber: rows.length + 2,
        state: a.state,
        agencyName: a.name,
        agencyType: a.type,
        county: a.county,
        model,
        modelRaw: MODEL_NAMES[model],
        signedRaw: signed ? a.signed : null,
        signedDate: signed ? a.signed : null,
        moaUrl: null,
        addendumUrl: null,
        flags: [],
      });
    }
  }
  return {
    list: kind,
    snapshotDate: date,
    sourceFile: `demo_${kind}_${date}`,
    format: 'csv',
    columns: [
      'STATE',
      'LAW ENFORCEMENT AGENCY',
      'TYPE',
      'COUNTY',
      'SUPPORT TYPE',
      ...(signed ? ['SIGNED'] : []),
    ],
    rows,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const titleCase = (s: string) => s.toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase());
