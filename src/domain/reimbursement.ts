/**
 * Task Force Model reimbursement (issue 5; reference/domain.md §1.4): the versioned terms
 * (`data/tfm-reimbursement-terms-<version>.json`), the checks a claim must pass against them
 * (overtime, equipment and vehicle caps), and the quarterly performance award from the outcomes
 * of ICE-identified leads. Pure: money is integer cents, rates are integer basis points, and no
 * floating point enters a figure; time is passed in as quarters and dates.
 */
import { z } from 'zod';
import { isIsoDate } from './clock.ts';
import terms2025 from './data/tfm-reimbursement-terms-2025-10.json' with { type: 'json' };

// ---- quarters -----------------------------------------------------------------------------

/** A calendar quarter written YYYY-Qn (2025-Q4 is October to December 2025). */
export type QuarterLabel = `${number}-Q${1 | 2 | 3 | 4}`;

const QUARTER = /^(\d{4})-Q([1-4])$/;

export const isQuarter = (s: string): s is QuarterLabel => QUARTER.test(s);

function quarterParts(q: string): { year: number; n: number } {
  const m = QUARTER.exec(q);
  if (!m) throw new RangeError(`not a quarter: ${q}`);
  return { year: Number(m[1]), n: Number(m[2]) };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The quarter of a calendar date (YYYY-MM-DD). */
export function quarterOfDate(date: string): QuarterLabel {
  if (!isIsoDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  const month = Number(date.slice(5, 7));
  return `${Number(date.slice(0, 4))}-Q${Math.ceil(month / 3) as 1 | 2 | 3 | 4}`;
}

/** First and last day of a quarter. */
export function quarterBounds(q: string): { from: string; to: string } {
  const { year, n } = quarterParts(q);
  const first = (n - 1) * 3 + 1;
  const last = first + 2;
  const lastDay = [31, 30, 30, 31][n - 1]!; // March, June, September, December
  return { from: `${year}-${pad2(first)}-01`, to: `${year}-${pad2(last)}-${lastDay}` };
}

/** Negative, zero or positive as `a` is before, the same as, or after `b`. */
export function compareQuarters(a: string, b: string): number {
  const x = quarterParts(a);
  const y = quarterParts(b);
  return x.year !== y.year ? x.year - y.year : x.n - y.n;
}

export function shiftQuarter(q: string, by: number): QuarterLabel {
  const { year, n } = quarterParts(q);
  const index = year * 4 + (n - 1) + by;
  return `${Math.floor(index / 4)}-Q${((index % 4) + 1) as 1 | 2 | 3 | 4}`;
}

/** The federal fiscal year (October to September) a quarter falls in: 2025-Q4 is FY 2026. */
export function fiscalYearOf(q: string): number {
  const { year, n } = quarterParts(q);
  return n === 4 ? year + 1 : year;
}

// ---- the terms ----------------------------------------------------------------------------

export const CLAIM_KINDS = ['salary_benefits', 'overtime', 'equipment', 'vehicle'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

export const LEAD_OUTCOMES = ['located', 'not_located'] as const;
export type LeadOutcome = (typeof LEAD_OUTCOMES)[number];

const cents = z.number().int().nonnegative().refine(Number.isSafeInteger, 'must be a safe integer');
const basisPoints = z.number().int().min(0).max(10_000);
const rule = z.string().min(1);

export const reimbursementTermsSchema = z
  .strictObject({
    version: z.string().min(1),
    title: z.string().min(1),
    source: z.string().min(1),
    effective: z.string().refine(isIsoDate, 'must be a calendar date written YYYY-MM-DD'),
    money: z.string(),
    quarters: z.string(),
    trainedOfficer: z.strictObject({
      rule,
      model: z.literal('TFM'),
      stages: z.array(z.string().min(1)).min(1),
    }),
    salaryBenefits: z.strictObject({ rule }),
    overtime: z.strictObject({ rule, capBasisPoints: basisPoints, period: z.literal('federal_fiscal_year') }),
    equipment: z.strictObject({ rule, capCentsPerOfficer: cents, period: z.literal('terms') }),
    vehicles: z.strictObject({ rule, capCentsPerAgency: cents, period: z.literal('terms') }),
    award: z.strictObject({
      rule,
      eligibleOfficer: rule,
      basis: z.enum(['agency', 'officer']),
      tiers: z
        .array(
          z.strictObject({
            label: z.string().min(1),
            minLocatedBasisPoints: basisPoints,
            centsPerEligibleOfficer: cents,
          }),
        )
        .min(1),
      belowTiers: z.string(),
    }),
  })
  .refine(
    (t) =>
      t.award.tiers.every(
        (tier, i, all) => i === 0 || tier.minLocatedBasisPoints < all[i - 1]!.minLocatedBasisPoints,
      ),
    { message: 'award tiers must be listed from the highest minimum rate down' },
  );

export type ReimbursementTerms = z.infer<typeof reimbursementTermsSchema>;

/** Validates a parsed terms file; throws naming every problem. */
export function loadReimbursementTerms(json: unknown): ReimbursementTerms {
  const parsed = reimbursementTermsSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`invalid reimbursement terms: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Every version of the terms, oldest first. */
export const REIMBURSEMENT_TERMS: readonly ReimbursementTerms[] = [loadReimbursementTerms(terms2025)];

export const TERMS_CITATION = 'TFM reimbursement terms in force since 2025-10-01';

/** The terms a quarter falls under (the latest version in force on its first day), or null. */
export function termsForQuarter(
  q: string,
  versions: readonly ReimbursementTerms[] = REIMBURSEMENT_TERMS,
): ReimbursementTerms | null {
  const { from } = quarterBounds(q);
  let found: ReimbursementTerms | null = null;
  for (const t of versions) if (t.effective <= from) found = t;
  return found;
}

/** The quarter a version of the terms begins in. */
export const firstQuarterOf = (terms: ReimbursementTerms): QuarterLabel => quarterOfDate(terms.effective);

// ---- money --------------------------------------------------------------------------------

/** `1234567` → `$12,345.67`. Integer cents only. */
export function formatCents(amount: number): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`not a whole number of cents: ${amount}`);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const dollars = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}$${dollars}.${pad2(abs % 100)}`;
}

/** `2500` → `25.00 %`. */
export const formatBasisPoints = (bp: number): string => `${Math.trunc(bp / 100)}.${pad2(bp % 100)} %`;

/** `a × b ≤ c × d`, exactly, whatever the size of the integers. */
const productAtMost = (a: number, b: number, c: number, d: number): boolean =>
  BigInt(a) * BigInt(b) <= BigInt(c) * BigInt(d);

/** The overtime cap for an annual salary: 25 % of it, rounded down to the cent. */
export const overtimeCapCents = (terms: ReimbursementTerms, annualSalaryCents: number): number =>
  Number((BigInt(annualSalaryCents) * BigInt(terms.overtime.capBasisPoints)) / 10_000n);

// ---- claims -------------------------------------------------------------------------------

export interface OfficerStanding {
  model: string;
  stage: string;
}

export const isTrainedOfficer = (terms: ReimbursementTerms, o: OfficerStanding): boolean =>
  o.model === terms.trainedOfficer.model && terms.trainedOfficer.stages.includes(o.stage);

export interface ClaimInput {
  kind: ClaimKind;
  quarter: string;
  officerId: string | null;
  amountCents: number;
  /** Required for overtime: the cap is a share of it. */
  annualSalaryCents: number | null;
}

/** An accepted claim already stored, as the caps need it. */
export interface AcceptedClaim {
  claimId: string;
  kind: ClaimKind;
  quarter: string;
  officerId: string | null;
  amountCents: number;
}

export interface ClaimRefusal {
  ruleId: string;
  reason: string;
}

/** Largest amount a claim may carry ($100,000,000): keeps every sum a safe integer. */
export const MAX_CLAIM_CENTS = 10_000_000_000;

/**
 * What is wrong with the form of a claim (answered as invalid input; nothing is stored), or
 * null. `currentQuarter` is the quarter of today: a claim is for work already done.
 */
export function claimInputProblem(
  input: ClaimInput,
  currentQuarter: string,
): { field: string; message: string } | null {
  if (!CLAIM_KINDS.includes(input.kind))
    return { field: 'kind', message: `kind must be one of ${CLAIM_KINDS.join(', ')}.` };
  if (!isQuarter(input.quarter))
    return { field: 'quarter', message: 'quarter must be written YYYY-Qn, e.g. 2025-Q4.' };
  if (compareQuarters(input.quarter, currentQuarter) > 0)
    return { field: 'quarter', message: `quarter ${input.quarter} has not begun; claims follow the work.` };
  const money = (v: number) => Number.isSafeInteger(v) && v > 0 && v <= MAX_CLAIM_CENTS;
  if (!money(input.amountCents))
    return {
      field: 'amountCents',
      message: `amountCents must be a whole number of cents from 1 to ${MAX_CLAIM_CENTS}.`,
    };
  if (input.kind === 'vehicle' && input.officerId !== null)
    return { field: 'officerId', message: 'A vehicle claim is the agency’s and names no officer.' };
  if (input.kind !== 'vehicle' && input.officerId === null)
    return { field: 'officerId', message: `A ${input.kind.replace('_', ' and ')} claim names the officer.` };
  if (input.kind === 'overtime' && input.annualSalaryCents === null)
    return {
      field: 'annualSalaryCents',
      message: 'An overtime claim states the officer’s annual salary: the cap is a share of it.',
    };
  if (input.annualSalaryCents !== null && !money(input.annualSalaryCents))
    return {
      field: 'annualSalaryCents',
      message: `annualSalaryCents must be a whole number of cents from 1 to ${MAX_CLAIM_CENTS}.`,
    };
  return null;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * Whether the terms refuse a well-formed claim, given the agency's accepted claims under the
 * same terms (any quarter) and the officer's standing now. Null: accept.
 */
export function checkClaim(
  terms: ReimbursementTerms | null,
  claim: ClaimInput,
  officer: OfficerStanding | null,
  accepted: readonly AcceptedClaim[],
): ClaimRefusal | null {
  if (!terms || compareQuarters(claim.quarter, firstQuarterOf(terms)) < 0) {
    const first = REIMBURSEMENT_TERMS[0]!;
    return {
      ruleId: 'reimbursement.terms_not_in_force',
      reason: `No reimbursement terms were in force in ${claim.quarter}: the terms apply to work from ${first.effective} (${first.version}).`,
    };
  }
  if (claim.kind !== 'vehicle' && (!officer || !isTrainedOfficer(terms, officer))) {
    return {
      ruleId: 'reimbursement.officer_not_trained',
      reason: `Claims are paid for trained Task Force Model officers only (certified, authorized, or suspended after authorization); this officer is ${officer ? `${officer.model}, ${officer.stage.replace('_', ' ')}` : 'unknown'}.`,
    };
  }
  if (claim.kind === 'overtime') {
    const salary = claim.annualSalaryCents!;
    const fy = fiscalYearOf(claim.quarter);
    const used = sum(
      accepted
        .filter(
          (c) => c.kind === 'overtime' && c.officerId === claim.officerId && fiscalYearOf(c.quarter) === fy,
        )
        .map((c) => c.amountCents),
    );
    const total = used + claim.amountCents;
    // total ≤ salary × cap / 10000, without rounding: total × 10000 ≤ salary × cap.
    if (!productAtMost(total, 10_000, salary, terms.overtime.capBasisPoints)) {
      const cap = overtimeCapCents(terms, salary);
      return {
        ruleId: 'reimbursement.overtime_cap',
        reason: `Overtime is capped at ${formatBasisPoints(terms.overtime.capBasisPoints)} of the annual salary of ${formatCents(salary)}, that is ${formatCents(cap)} in fiscal year ${fy}; ${formatCents(used)} is already accepted, so ${formatCents(claim.amountCents)} would bring it to ${formatCents(total)}, ${formatCents(total - cap)} above the cap.`,
      };
    }
  }
  if (claim.kind === 'equipment') {
    const cap = terms.equipment.capCentsPerOfficer;
    const used = sum(
      accepted
        .filter((c) => c.kind === 'equipment' && c.officerId === claim.officerId)
        .map((c) => c.amountCents),
    );
    if (used + claim.amountCents > cap) {
      return {
        ruleId: 'reimbursement.equipment_cap',
        reason: `Equipment is capped at ${formatCents(cap)} per officer under ${terms.version}; ${formatCents(used)} is already accepted for this officer, so ${formatCents(claim.amountCents)} would bring it to ${formatCents(used + claim.amountCents)}.`,
      };
    }
  }
  if (claim.kind === 'vehicle') {
    const cap = terms.vehicles.capCentsPerAgency;
    const used = sum(accepted.filter((c) => c.kind === 'vehicle').map((c) => c.amountCents));
    if (used + claim.amountCents > cap) {
      return {
        ruleId: 'reimbursement.vehicle_cap',
        reason: `Vehicles are capped at ${formatCents(cap)} per agency under ${terms.version}; ${formatCents(used)} is already accepted for this agency, so ${formatCents(claim.amountCents)} would bring it to ${formatCents(used + claim.amountCents)}.`,
      };
    }
  }
  return null;
}

// ---- the performance award ----------------------------------------------------------------

export interface LeadRecord {
  leadId: string;
  officerId: string;
  outcome: LeadOutcome;
}

/** The located rate in basis points, rounded down (display only; tiers compare exactly). Null without leads. */
export const locatedBasisPoints = (located: number, total: number): number | null =>
  total === 0 ? null : Math.floor((located * 10_000) / total);

export interface AwardTier {
  label: string;
  minLocatedBasisPoints: number;
  centsPerEligibleOfficer: number;
}

/** The tier a rate reaches (located × 10000 ≥ minimum × total), or null below every tier or without leads. */
export function awardTier(terms: ReimbursementTerms, located: number, total: number): AwardTier | null {
  if (total === 0) return null;
  return (
    terms.award.tiers.find((t) => productAtMost(t.minLocatedBasisPoints, total, located, 10_000)) ?? null
  );
}

export interface OfficerAward {
  officerId: string;
  leads: number;
  located: number;
  locatedBasisPoints: number | null;
  /** The tier the officer's award is paid at (the agency's under the "agency" basis). */
  tier: string | null;
  awardCents: number;
}

export interface AwardCalculation {
  basis: 'agency' | 'officer';
  leads: number;
  located: number;
  locatedBasisPoints: number | null;
  /** The agency's tier (under the "officer" basis: the tier of the agency's own rate, for information). */
  tier: string | null;
  /** Officers with at least one lead in the quarter, by officer id. */
  officers: OfficerAward[];
  totalCents: number;
  /** What the figures were computed from: every lead id, sorted. */
  leadIds: string[];
}

/** The quarter's award from its recorded lead outcomes: per eligible officer, and their sum. */
export function computeAward(terms: ReimbursementTerms, leads: readonly LeadRecord[]): AwardCalculation {
  const byOfficer = new Map<string, { leads: number; located: number }>();
  for (const l of leads) {
    const o = byOfficer.get(l.officerId) ?? { leads: 0, located: 0 };
    o.leads += 1;
    if (l.outcome === 'located') o.located += 1;
    byOfficer.set(l.officerId, o);
  }
  const located = leads.filter((l) => l.outcome === 'located').length;
  const agencyTier = awardTier(terms, located, leads.length);
  const officers = [...byOfficer.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([officerId, o]): OfficerAward => {
      const tier = terms.award.basis === 'agency' ? agencyTier : awardTier(terms, o.located, o.leads);
      return {
        officerId,
        leads: o.leads,
        located: o.located,
        locatedBasisPoints: locatedBasisPoints(o.located, o.leads),
        tier: tier?.label ?? null,
        awardCents: tier?.centsPerEligibleOfficer ?? 0,
      };
    });
  return {
    basis: terms.award.basis,
    leads: leads.length,
    located,
    locatedBasisPoints: locatedBasisPoints(located, leads.length),
    tier: agencyTier?.label ?? null,
    officers,
    totalCents: sum(officers.map((o) => o.awardCents)),
    leadIds: leads.map((l) => l.leadId).sort(),
  };
}

// ---- the quarter's statement --------------------------------------------------------------

export interface StatementOfficer {
  officerId: string;
  displayName: string;
  model: string;
  stage: string;
}

export interface StoredClaim extends AcceptedClaim {
  status: 'accepted' | 'refused';
  annualSalaryCents: number | null;
  description: string;
  refusalReason: string | null;
  termsVersion: string;
  createdAt: string;
}

const emptyByKind = (): Record<ClaimKind, number> => ({
  salary_benefits: 0,
  overtime: 0,
  equipment: 0,
  vehicle: 0,
});

export interface OfficerStatement {
  officerId: string;
  displayName: string;
  stage: string;
  trained: boolean;
  /** Accepted claims of the quarter, by kind. */
  claimedCents: Record<Exclude<ClaimKind, 'vehicle'>, number>;
  refusedClaims: number;
  overtime: {
    fiscalYear: number;
    usedCents: number;
    capCents: number | null;
    annualSalaryCents: number | null;
  };
  equipment: { usedCents: number; capCents: number };
  leads: number;
  located: number;
  locatedBasisPoints: number | null;
  eligible: boolean;
  tier: string | null;
  awardCents: number;
  totalCents: number;
}

export interface ReimbursementStatement {
  agencyId: string;
  quarter: string;
  period: { from: string; to: string };
  fiscalYear: number;
  termsVersion: string;
  officers: OfficerStatement[];
  vehicles: { claimedCents: number; usedCents: number; capCents: number };
  award: {
    basis: 'agency' | 'officer';
    leads: number;
    located: number;
    locatedBasisPoints: number | null;
    tier: string | null;
    eligibleOfficers: number;
    totalCents: number;
  };
  totals: {
    claimedCents: Record<ClaimKind, number>;
    acceptedClaimsCents: number;
    refusedClaims: number;
    awardCents: number;
    totalCents: number;
  };
  claims: StoredClaim[];
  /** Everything the figures were computed from, so anyone can recompute them. */
  inputs: {
    termsVersion: string;
    leadIds: string[];
    leadCount: number;
    locatedCount: number;
    acceptedClaimIds: string[];
    refusedClaimIds: string[];
  };
}

/**
 * The agency's statement for a quarter: the quarter's claims by officer and kind, the caps as
 * used through the end of the quarter, the leads and the award. `claims` are every claim of
 * the agency under the terms (any quarter; later quarters are ignored), `leads` the quarter's.
 */
export function buildStatement(
  terms: ReimbursementTerms,
  input: {
    agencyId: string;
    quarter: string;
    officers: readonly StatementOfficer[];
    claims: readonly StoredClaim[];
    leads: readonly LeadRecord[];
  },
): ReimbursementStatement {
  const { quarter } = input;
  const fy = fiscalYearOf(quarter);
  const upToQuarter = input.claims.filter(
    (c) => c.termsVersion === terms.version && compareQuarters(c.quarter, quarter) <= 0,
  );
  const accepted = upToQuarter.filter((c) => c.status === 'accepted');
  const ofQuarter = input.claims
    .filter((c) => c.quarter === quarter)
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  const acceptedOfQuarter = ofQuarter.filter((c) => c.status === 'accepted');
  const award = computeAward(terms, input.leads);
  const awardOf = new Map(award.officers.map((o) => [o.officerId, o]));

  const officerIds = new Set<string>([
    ...input.officers.filter((o) => isTrainedOfficer(terms, o)).map((o) => o.officerId),
    ...ofQuarter.flatMap((c) => (c.officerId ? [c.officerId] : [])),
    ...award.officers.map((o) => o.officerId),
  ]);
  const known = new Map(input.officers.map((o) => [o.officerId, o]));
  const officers = [...officerIds]
    .map((officerId): OfficerStatement => {
      const o = known.get(officerId);
      const mine = acceptedOfQuarter.filter((c) => c.officerId === officerId);
      const claimed = (kind: ClaimKind) => sum(mine.filter((c) => c.kind === kind).map((c) => c.amountCents));
      const overtimeFy = accepted.filter(
        (c) => c.kind === 'overtime' && c.officerId === officerId && fiscalYearOf(c.quarter) === fy,
      );
      const latestSalary =
        [...overtimeFy]
          .sort((a, b) => compareQuarters(a.quarter, b.quarter) || (a.createdAt < b.createdAt ? -1 : 1))
          .at(-1)?.annualSalaryCents ?? null;
      const a = awardOf.get(officerId);
      const claimedCents = {
        salary_benefits: claimed('salary_benefits'),
        overtime: claimed('overtime'),
        equipment: claimed('equipment'),
      };
      const awardCents = a?.awardCents ?? 0;
      return {
        officerId,
        displayName: o?.displayName ?? officerId,
        stage: o?.stage ?? 'unknown',
        trained: o ? isTrainedOfficer(terms, o) : false,
        claimedCents,
        refusedClaims: ofQuarter.filter((c) => c.officerId === officerId && c.status === 'refused').length,
        overtime: {
          fiscalYear: fy,
          usedCents: sum(overtimeFy.map((c) => c.amountCents)),
          capCents: latestSalary === null ? null : overtimeCapCents(terms, latestSalary),
          annualSalaryCents: latestSalary,
        },
        equipment: {
          usedCents: sum(
            accepted
              .filter((c) => c.kind === 'equipment' && c.officerId === officerId)
              .map((c) => c.amountCents),
          ),
          capCents: terms.equipment.capCentsPerOfficer,
        },
        leads: a?.leads ?? 0,
        located: a?.located ?? 0,
        locatedBasisPoints: a?.locatedBasisPoints ?? null,
        eligible: a !== undefined,
        tier: a?.tier ?? null,
        awardCents,
        totalCents:
          claimedCents.salary_benefits + claimedCents.overtime + claimedCents.equipment + awardCents,
      };
    })
    .sort((x, y) => (x.displayName < y.displayName ? -1 : x.displayName > y.displayName ? 1 : 0));

  const claimedCents = emptyByKind();
  for (const c of acceptedOfQuarter) claimedCents[c.kind] += c.amountCents;
  const acceptedClaimsCents = sum(acceptedOfQuarter.map((c) => c.amountCents));
  const refused = ofQuarter.filter((c) => c.status === 'refused');
  return {
    agencyId: input.agencyId,
    quarter,
    period: quarterBounds(quarter),
    fiscalYear: fy,
    termsVersion: terms.version,
    officers,
    vehicles: {
      claimedCents: claimedCents.vehicle,
      usedCents: sum(accepted.filter((c) => c.kind === 'vehicle').map((c) => c.amountCents)),
      capCents: terms.vehicles.capCentsPerAgency,
    },
    award: {
      basis: award.basis,
      leads: award.leads,
      located: award.located,
      locatedBasisPoints: award.locatedBasisPoints,
      tier: award.tier,
      eligibleOfficers: award.officers.length,
      totalCents: award.totalCents,
    },
    totals: {
      claimedCents,
      acceptedClaimsCents,
      refusedClaims: refused.length,
      awardCents: award.totalCents,
      totalCents: acceptedClaimsCents + award.totalCents,
    },
    claims: ofQuarter,
    inputs: {
      termsVersion: terms.version,
      leadIds: award.leadIds,
      leadCount: award.leads,
      locatedCount: award.located,
      acceptedClaimIds: acceptedOfQuarter.map((c) => c.claimId),
      refusedClaimIds: refused.map((c) => c.claimId),
    },
  };
}
