/**
 * Enforcement priority from criminal history alone. The policy is versioned data
 * (`data/priority-policy-<version>.json`), validated by `loadPriorityPolicy`, so a new version
 * is supplied without a code change. The input carries convictions and pending charges by NCIC
 * code and nothing else: a record with any other field (name, nationality, language…) is
 * refused, so no other attribute of the subject can reach the decision.
 */
import { z } from 'zod';
import { isIsoDate } from './clock.ts';
import policyFile from './data/priority-policy-2026.1.json' with { type: 'json' };
import { isKnownNcicCode, lookupNcic, NCIC_TABLE_VERSION, ncicCategory } from './ncic.ts';

export type PriorityTier = 1 | 2 | 3 | 4;

export interface Conviction {
  ncic: string;
  /** Date of conviction, YYYY-MM-DD. */
  date: string;
  description?: string;
}

export interface PendingCharge {
  ncic: string;
  /** Date charged, YYYY-MM-DD, when known. */
  chargedOn?: string;
}

/** The whole input of a priority decision. */
export interface CriminalHistory {
  convictions: Conviction[];
  pendingCharges: PendingCharge[];
}

export type HistoryItemKind = 'conviction' | 'pendingCharge';

/** The item that decided the tier. */
export interface PriorityBasis {
  kind: HistoryItemKind;
  ncic: string;
  /** Conviction date or charge date; null for a pending charge without a date. */
  date: string | null;
  /** The offense as the NCIC table describes it. */
  offense: string;
  /** The label of the policy rule that placed the item in its tier. */
  rule: string;
}

export interface PriorityDecision {
  tier: PriorityTier;
  policyVersion: string;
  explanation: string;
  basis: PriorityBasis | null;
}

// ---- the policy file ----------------------------------------------------------------------

const tier = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], {
  error: 'must be a tier 1, 2, 3 or 4',
});
const ncicCode = z.string().refine(isKnownNcicCode, {
  error: (issue) =>
    `NCIC code "${String(issue.input)}" is not in the NCIC offense table (${NCIC_TABLE_VERSION})`,
});
const ncicPrefix = z.string().refine((p) => /^\d{2}$/.test(p) && ncicCategory(`${p}00`) !== null, {
  error: (issue) => `"${String(issue.input)}" is not a known two-digit NCIC category`,
});
const ruleBase = {
  tier,
  appliesTo: z.enum(['conviction', 'pendingCharge'], {
    error: 'must be "conviction" or "pendingCharge"',
  }),
  label: z.string().min(1, 'must not be empty'),
};

const ruleSchema = z.union(
  [
    z.strictObject({ ...ruleBase, anyCode: z.literal(true) }),
    z
      .strictObject({ ...ruleBase, prefixes: z.array(ncicPrefix), codes: z.array(ncicCode) })
      .refine((r) => r.prefixes.length + r.codes.length > 0, {
        message: 'a rule must list at least one prefix or code, or set "anyCode": true',
      }),
  ],
  { error: 'a rule has tier, appliesTo, label and either "anyCode": true or "prefixes" and "codes"' },
);

export const priorityPolicySchema = z.strictObject({
  version: z.string().min(1, 'must not be empty'),
  title: z.string(),
  note: z.string(),
  rules: z.array(ruleSchema).min(1, 'must list at least one rule'),
  noHistoryTier: tier,
});

export type PriorityPolicy = z.infer<typeof priorityPolicySchema>;
export type PriorityRule = PriorityPolicy['rules'][number];

const describeIssues = (error: z.ZodError): string[] =>
  error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);

export class PriorityPolicyError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid priority policy: ${problems.join('; ')}`);
    this.name = 'PriorityPolicyError';
    this.problems = problems;
  }
}

/** Validates a parsed policy file; throws `PriorityPolicyError` naming every problem. */
export function loadPriorityPolicy(json: unknown): PriorityPolicy {
  const parsed = priorityPolicySchema.safeParse(json);
  if (!parsed.success) throw new PriorityPolicyError(describeIssues(parsed.error));
  return parsed.data;
}

export const DEFAULT_PRIORITY_POLICY: PriorityPolicy = loadPriorityPolicy(policyFile);

// ---- the input ----------------------------------------------------------------------------

const calendarDate = z.string().refine(isIsoDate, { message: 'must be a calendar date written YYYY-MM-DD' });

/** Strict: a field other than these is an error, never ignored. */
export const criminalHistorySchema = z.strictObject({
  convictions: z.array(
    z.strictObject({ ncic: ncicCode, date: calendarDate, description: z.string().optional() }),
  ),
  pendingCharges: z.array(z.strictObject({ ncic: ncicCode, chargedOn: calendarDate.optional() })),
});

export class PriorityInputError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid criminal history: ${problems.join('; ')}`);
    this.name = 'PriorityInputError';
    this.problems = problems;
  }
}

/** Checks an input before deciding: unknown fields, unknown NCIC codes and bad dates are refused. */
export function checkCriminalHistory(
  input: unknown,
): { ok: true; history: CriminalHistory } | { ok: false; problems: string[] } {
  const parsed = criminalHistorySchema.safeParse(input);
  return parsed.success
    ? { ok: true, history: parsed.data }
    : { ok: false, problems: describeIssues(parsed.error) };
}

// ---- the decision -------------------------------------------------------------------------

interface Candidate {
  tier: PriorityTier;
  basis: PriorityBasis;
}

const ruleMatches = (rule: PriorityRule, kind: HistoryItemKind, code: string): boolean =>
  rule.appliesTo === kind &&
  ('anyCode' in rule || rule.codes.includes(code) || rule.prefixes.includes(code.slice(0, 2)));

function classify(
  policy: PriorityPolicy,
  kind: HistoryItemKind,
  code: string,
  date: string | null,
): Candidate | null {
  let best: PriorityRule | null = null;
  for (const rule of policy.rules)
    if (ruleMatches(rule, kind, code) && (best === null || rule.tier < best.tier)) best = rule;
  if (best === null) return null;
  const offense = lookupNcic(code)?.description ?? code;
  return { tier: best.tier, basis: { kind, ncic: code, date, offense, rule: best.label } };
}

/** Lowest tier first, then the most recent date (undated last), then the lower code. */
function moreSerious(a: Candidate, b: Candidate): boolean {
  if (a.tier !== b.tier) return a.tier < b.tier;
  const da = a.basis.date ?? '';
  const db = b.basis.date ?? '';
  if (da !== db) return da > db;
  if (a.basis.kind !== b.basis.kind) return a.basis.kind === 'conviction';
  return a.basis.ncic < b.basis.ncic;
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

function explain(decision: Candidate): string {
  const { kind, date, ncic, offense } = decision.basis;
  const what = kind === 'conviction' ? 'conviction' : 'pending charge';
  return `Tier ${decision.tier}: ${what}${date ? ` ${date}` : ''}, NCIC ${ncic}, ${lowerFirst(offense)}`;
}

/**
 * The tier of a criminal history under a policy, with the most serious deciding item. Throws
 * `PriorityInputError` for an input `checkCriminalHistory` refuses (use cases check first).
 */
export function prioritise(
  history: CriminalHistory,
  policy: PriorityPolicy = DEFAULT_PRIORITY_POLICY,
): PriorityDecision {
  const checked = checkCriminalHistory(history);
  if (!checked.ok) throw new PriorityInputError(checked.problems);
  const candidates = [
    ...checked.history.convictions.map((c) => classify(policy, 'conviction', c.ncic, c.date)),
    ...checked.history.pendingCharges.map((p) =>
      classify(policy, 'pendingCharge', p.ncic, p.chargedOn ?? null),
    ),
  ].filter((c): c is Candidate => c !== null);
  let decisive: Candidate | null = null;
  for (const c of candidates) if (decisive === null || moreSerious(c, decisive)) decisive = c;
  if (decisive === null || decisive.tier > policy.noHistoryTier) {
    const none = checked.history.convictions.length + checked.history.pendingCharges.length === 0;
    return {
      tier: policy.noHistoryTier,
      policyVersion: policy.version,
      explanation: `Tier ${policy.noHistoryTier}: ${none ? 'no criminal history' : 'no conviction or pending charge that the policy ranks'}`,
      basis: null,
    };
  }
  return {
    tier: decisive.tier,
    policyVersion: policy.version,
    explanation: explain(decisive),
    basis: decisive.basis,
  };
}
