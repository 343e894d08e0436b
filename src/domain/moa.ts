/**
 * An MOA version: the terms of one agreement between ICE and an agency, as in force from a date.
 * Amendments add a version; terminating or superseding a version ends it at an instant, and with
 * it every authorization under it (domain.md §8 A.1).
 */
import type { Model } from './registry.ts';

export type MoaStatus = 'draft' | 'active' | 'superseded' | 'terminated' | 'expired';
export type HoldRule = 'plain_48h' | 'business_hours_48h';

export interface Clause {
  /** Stable clause id, e.g. `JEM-2020:V.B`. */
  id: string;
  summary: string;
  action: string | null;
  effect: 'grants' | 'forbids' | 'other';
}

export interface MoaVersion {
  agencyId: string;
  moaId: string;
  version: number;
  models: Model[];
  status: MoaStatus;
  signedOn: string | null;
  effective: string;
  endDate: string | null;
  endedAt: Date | null;
  refresherCadenceDays: number;
  holdRule: HoldRule;
  civilHoldsForbidden: boolean;
  facilityCodes: string[];
  areaJurisdictions: string[];
  igsaFacilityCodes: string[];
  narrowedActions: string[];
  clauses: Clause[];
}

const dateOf = (at: Date) => at.toISOString().slice(0, 10);

/**
 * The version's status as of an instant: what a decision taken at `at` must see. A version
 * terminated or superseded at `endedAt` was active before that instant and is ended from it.
 */
export function statusAt(v: MoaVersion, at: Date): MoaStatus {
  if (v.status === 'draft') return 'draft';
  if (v.endedAt && at.getTime() >= v.endedAt.getTime())
    return v.status === 'active' ? 'terminated' : v.status;
  if (!v.endedAt && v.status !== 'active') return v.status;
  if (v.endDate && dateOf(at) > v.endDate) return 'expired';
  return 'active';
}

/** In force: active at `at` and inside its effective dates. */
export function inForce(v: MoaVersion, at: Date): boolean {
  return statusAt(v, at) === 'active' && v.effective <= dateOf(at);
}

/** Defaults from design/product.md and domain.md §1.5, §8 B.8; a version may set its own. */
export const DEFAULT_REFRESHER_CADENCE_DAYS = 730;

export const DEFAULT_COURSES: Record<Model, { course: string; hours: number }> = {
  JEM: { course: 'Jail Enforcement Model basic course', hours: 160 },
  TFM: { course: 'Task Force Model basic course', hours: 40 },
  WSO: { course: 'Warrant Service Officer online course', hours: 8 },
};

export interface MoaTermsProblem {
  field: string;
  message: string;
}

/** Checks the terms of a new or amended version; returns every problem, not just the first. */
export function checkTerms(
  v: Omit<MoaVersion, 'agencyId' | 'moaId' | 'version' | 'status' | 'endedAt'>,
): MoaTermsProblem[] {
  const problems: MoaTermsProblem[] = [];
  if (v.models.length === 0) problems.push({ field: 'models', message: 'name at least one model' });
  if (new Set(v.models).size !== v.models.length)
    problems.push({ field: 'models', message: 'a model is named twice' });
  if (v.endDate && v.endDate <= v.effective)
    problems.push({ field: 'endDate', message: 'must be after the effective date' });
  const sited = v.models.includes('JEM') || v.models.includes('WSO');
  if (sited && v.facilityCodes.length === 0) {
    problems.push({ field: 'facilityCodes', message: 'JEM and WSO agreements list at least one facility' });
  }
  if (v.models.includes('TFM') && v.areaJurisdictions.length === 0) {
    problems.push({
      field: 'areaJurisdictions',
      message: 'a TFM agreement names its area of responsibility',
    });
  }
  for (const code of v.igsaFacilityCodes) {
    if (!v.facilityCodes.includes(code))
      problems.push({ field: 'igsaFacilityCodes', message: `${code} is not a listed facility` });
  }
  const ids = v.clauses.map((c) => c.id);
  if (new Set(ids).size !== ids.length)
    problems.push({ field: 'clauses', message: 'clause ids must be unique' });
  if (v.refresherCadenceDays < 1)
    problems.push({ field: 'refresherCadenceDays', message: 'must be at least 1 day' });
  return problems;
}
