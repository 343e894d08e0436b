/**
 * The program office's measures screen (issue 8; GAO-09-109, GAO-21-186): every measure of
 * domain/measures.ts for a window of months and optional model, state and agency, read from the
 * rollups only, with its definition and lineage. Exact counts for ICE's program office,
 * supervisors and inspectors (`stats.read`). When encounters lie beyond the high-water mark, or
 * the small sources (complaints, training) are older than `SOURCES_MAX_AGE_MS`, the rollup
 * builder runs first.
 */
import type { Actor } from '../../domain/actor.ts';
import { US_STATE_CODES } from '../../domain/encounters-file.ts';
import { MEASURES, type MeasureDefinition, quantileOf } from '../../domain/measures.ts';
import type { Model } from '../../domain/registry.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { type ConvictionTable, convictionTable, isModel, monthEnd } from '../../domain/statistics.ts';
import { rollupCounts } from '../../store/encounters.ts';
import {
  complaintCounts,
  holdHistogram,
  liftReasons,
  type MeasureFilter,
  MONTH_COLUMNS,
  type MonthColumn,
  type MonthRow,
  measureDimensions,
  measureMonths,
  reviewHistograms,
  rollupFreshness,
  trainingRows,
} from '../../store/measures.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { catchUpRollups } from './refresh-rollups.ts';

/** Complaints and training are rebuilt whole; a read older than this refreshes them first. */
export const SOURCES_MAX_AGE_MS = 10 * 60_000;

export interface MeasuresInput {
  /** YYYY-MM, first and last month included; default the twelve months ending this month. */
  from?: string | undefined;
  to?: string | undefined;
  model?: string | undefined;
  state?: string | undefined;
  agency?: string | undefined;
}

export interface MeasuresQuery {
  from: string;
  to: string;
  model?: Model | undefined;
  state?: string | undefined;
  agency?: string | undefined;
}

type Totals = Record<MonthColumn, number>;

export interface MeasuresReport {
  query: MeasuresQuery;
  definitions: readonly MeasureDefinition[];
  agencies: { agency: string; state: string }[];
  totals: Totals;
  byMonth: ({ month: string } & Totals)[];
  byGroup: ({ model: string; agency: string; state: string } & Totals)[];
  criminality: { convicted: number; pendingCharges: number; immigrationOnly: number };
  minorOffense: { charged: number; minor: number; percent: number | null };
  detainerOutcomes: {
    detainers: number;
    assumedCustody: number;
    lifted: number;
    releasedAtLimit: number;
    releasedOther: number;
    pending: number;
    liftReasons: { reason: string; n: number }[];
  };
  holdHours: {
    holds: number;
    meanHours: number | null;
    p95Hours: number | null;
    maxHours: number | null;
    overHolds: number;
  };
  citizenship: { claims: number; open: number; citizen: number; notCitizen: number };
  complaints: {
    complaints: number;
    encounters: number;
    per1000: number | null;
    byAgency: {
      agency: string;
      state: string;
      complaints: number;
      encounters: number;
      per1000: number | null;
    }[];
  };
  training: {
    agency: string;
    state: string;
    model: string;
    officers: number;
    trained: number;
    refresherCurrent: number;
    trainedPercent: number | null;
    refresherPercent: number | null;
    asOf: string;
  }[];
  supervision: {
    supervisor: string;
    name: string | null;
    reviews: number;
    approvals: number;
    returns: number;
    medianMinutes: number | null;
  }[];
  convictions: ConvictionTable;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

const addMonths = (month: string, n: number) => {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + n, 1));
  return d.toISOString().slice(0, 7);
};

type Checked = { ok: true; query: MeasuresQuery } | { ok: false; field: string; message: string };

/** The query, or the one-line reason the input is not one. */
export function checkMeasuresInput(input: MeasuresInput, today: Date): Checked {
  const thisMonth = today.toISOString().slice(0, 7);
  const notMonth = (field: 'from' | 'to', v: string): Checked | null =>
    !MONTH.test(v) || Number(v.slice(0, 4)) < 1900
      ? { ok: false, field, message: `${field} "${v}" is not a month written YYYY-MM.` }
      : null;
  const to = input.to ?? thisMonth;
  // `to` is checked before the default `from` is computed from it.
  const badTo = notMonth('to', to);
  if (badTo) return badTo;
  const from = input.from ?? addMonths(to, -11);
  const badFrom = notMonth('from', from);
  if (badFrom) return badFrom;
  if (from > to)
    return { ok: false, field: 'to', message: `the window ends (${to}) before it starts (${from}).` };
  let model: Model | undefined;
  if (input.model !== undefined && input.model !== '') {
    const m = input.model.toUpperCase();
    if (!isModel(m))
      return { ok: false, field: 'model', message: `model "${input.model}" is not JEM, WSO or TFM.` };
    model = m;
  }
  let state: string | undefined;
  if (input.state !== undefined && input.state !== '') {
    state = input.state.toUpperCase();
    if (!US_STATE_CODES.has(state))
      return {
        ok: false,
        field: 'state',
        message: `state "${input.state}" is not a US state or territory code.`,
      };
  }
  const agency = input.agency?.trim() || undefined;
  if (agency && agency.length > 200)
    return { ok: false, field: 'agency', message: 'agency is longer than 200 characters.' };
  return { ok: true, query: { from, to, model, state, agency } };
}

const zero = (): Totals => Object.fromEntries(MONTH_COLUMNS.map((c) => [c, 0])) as Totals;

function add(into: Totals, row: MonthRow) {
  for (const c of MONTH_COLUMNS) into[c] += row[c];
}

const percent = (n: number, d: number) => (d > 0 ? Math.round((1000 * n) / d) / 10 : null);
const per1000 = (n: number, d: number) => (d > 0 ? Math.round((10_000 * n) / d) / 10 : null);
const hours = (minutes: number | null) => (minutes === null ? null : Math.round((minutes / 60) * 100) / 100);

/** The report from rollup rows (pure assembly; exported for the tests). */
export function assembleReport(
  query: MeasuresQuery,
  parts: {
    byMonth: MonthRow[];
    byGroup: MonthRow[];
    agencies: { agency: string; state: string }[];
    holds: [number, number][];
    lifts: { reason: string; n: number }[];
    reviews: { supervisor: string; name: string | null; decision: string; minutes: number; n: number }[];
    complaints: { agency: string; state: string; n: number }[];
    training: {
      agency: string;
      state: string;
      model: string;
      officers: number;
      trained: number;
      refresherCurrent: number;
      asOf: string;
    }[];
    convictionCounts: number[];
  },
): MeasuresReport {
  const totals = zero();
  const months = new Map<string, Totals>();
  const groups = new Map<string, { model: string; agency: string; state: string } & Totals>();
  for (const r of parts.byMonth) {
    add(totals, r);
    const m = months.get(r.month) ?? zero();
    add(m, r);
    months.set(r.month, m);
  }
  for (const r of parts.byGroup) {
    const key = `${r.model}\t${r.state}\t${r.agency}`;
    const g = groups.get(key) ?? { model: r.model, agency: r.agency, state: r.state, ...zero() };
    add(g, r);
    groups.set(key, g);
  }
  const encountersByAgency = new Map<string, number>();
  for (const g of groups.values()) {
    const k = `${g.state}\t${g.agency}`;
    encountersByAgency.set(k, (encountersByAgency.get(k) ?? 0) + g.encounters);
  }
  const complaintsTotal = parts.complaints.reduce((s, c) => s + c.n, 0);
  const supervisors = new Map<string, MeasuresReport['supervision'][number] & { hist: [number, number][] }>();
  for (const r of parts.reviews) {
    const s = supervisors.get(r.supervisor) ?? {
      supervisor: r.supervisor,
      name: r.name,
      reviews: 0,
      approvals: 0,
      returns: 0,
      medianMinutes: null,
      hist: [],
    };
    s.reviews += r.n;
    if (r.decision === 'approved') s.approvals += r.n;
    if (r.decision === 'returned') s.returns += r.n;
    s.hist.push([r.minutes, r.n]);
    supervisors.set(r.supervisor, s);
  }
  const maxHold = parts.holds
    .filter(([, n]) => n > 0)
    .reduce<number | null>((m, [v]) => (m === null || v > m ? v : m), null);
  return {
    query,
    definitions: MEASURES,
    agencies: parts.agencies,
    totals,
    byMonth: [...months].map(([month, t]) => ({ month, ...t })),
    byGroup: [...groups.values()],
    criminality: {
      convicted: totals.convicted,
      pendingCharges: totals.pending_charges,
      immigrationOnly: totals.immigration_only,
    },
    minorOffense: {
      charged: totals.charged,
      minor: totals.minor_offense,
      percent: percent(totals.minor_offense, totals.charged),
    },
    detainerOutcomes: {
      detainers: totals.detainers,
      assumedCustody: totals.outcome_assumed_custody,
      lifted: totals.outcome_lifted,
      releasedAtLimit: totals.outcome_released_at_limit,
      releasedOther: totals.outcome_released_other,
      pending: totals.outcome_pending,
      liftReasons: parts.lifts,
    },
    holdHours: {
      holds: totals.holds,
      meanHours: totals.holds > 0 ? hours(totals.hold_minutes / totals.holds) : null,
      p95Hours: hours(quantileOf(parts.holds, 0.95)),
      maxHours: hours(maxHold),
      overHolds: totals.over_holds,
    },
    citizenship: {
      claims: totals.citizenship_claims,
      open: totals.citizenship_open,
      citizen: totals.citizenship_citizen,
      notCitizen: totals.citizenship_not_citizen,
    },
    complaints: {
      complaints: complaintsTotal,
      encounters: totals.encounters,
      per1000: per1000(complaintsTotal, totals.encounters),
      byAgency: parts.complaints.map((c) => {
        const e = encountersByAgency.get(`${c.state}\t${c.agency}`) ?? 0;
        return {
          agency: c.agency || '(agency not identified)',
          state: c.state,
          complaints: c.n,
          encounters: e,
          per1000: per1000(c.n, e),
        };
      }),
    },
    training: parts.training.map((t) => ({
      ...t,
      trainedPercent: percent(t.trained, t.officers),
      refresherPercent: percent(t.refresherCurrent, t.officers),
    })),
    supervision: [...supervisors.values()].map(({ hist, ...s }) => ({
      ...s,
      medianMinutes: quantileOf(hist, 0.5),
    })),
    convictions: convictionTable(`${query.from}-01`, monthEnd(`${query.to}-01`), parts.convictionCounts),
  };
}

/** Brings the rollups up to date when they lag the records (the builder's own transaction). */
async function freshen(deps: Deps, actor: Actor) {
  const { behind, sourcesRebuiltAt } = await rollupFreshness(deps.db);
  const stale =
    !sourcesRebuiltAt || deps.clock.now().getTime() - sourcesRebuiltAt.getTime() > SOURCES_MAX_AGE_MS;
  if (stale || behind) await catchUpRollups(deps, actor);
}

export async function getMeasures(
  deps: Deps,
  actor: Actor,
  input: MeasuresInput,
): Promise<Result<MeasuresReport>> {
  const denied = await guard(deps, actor, 'stats.read');
  if (denied) return denied;
  const checked = checkMeasuresInput(input, deps.clock.now());
  if (!checked.ok) return fail('invalid_input', checked.message, { where: { field: checked.field } });
  const q = checked.query;
  await freshen(deps, actor);
  const f: MeasureFilter = {
    fromMonth: `${q.from}-01`,
    toMonth: `${q.to}-01`,
    model: q.model,
    state: q.state,
    agency: q.agency,
  };
  const [rows, dims, holds, lifts, reviews, complaints, training, convictionCounts] = await Promise.all([
    measureMonths(deps.db, f),
    measureDimensions(deps.db),
    holdHistogram(deps.db, f),
    liftReasons(deps.db, f),
    reviewHistograms(deps.db, f),
    complaintCounts(deps.db, f),
    trainingRows(deps.db, f),
    rollupCounts(deps.db, {
      from: `${q.from}-01`,
      to: monthEnd(`${q.to}-01`),
      model: q.model,
      state: q.state,
    }),
  ]);
  return ok(
    assembleReport(q, {
      byMonth: rows.byMonth,
      byGroup: rows.byGroup,
      agencies: dims.agencies,
      holds,
      lifts,
      reviews,
      complaints,
      training,
      convictionCounts,
    }),
  );
}
