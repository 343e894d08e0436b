/** Parsing of the terms a program officer enters for an MOA version. */
import { isIsoDate } from '../../domain/clock.ts';
import {
  type Clause,
  checkTerms,
  DEFAULT_REFRESHER_CADENCE_DAYS,
  type HoldRule,
  type MoaVersion,
} from '../../domain/moa.ts';
import { MODELS, type Model } from '../../domain/registry.ts';
import { fail, ok, type Result } from '../../domain/result.ts';

export interface MoaTermsInput {
  models: Model[];
  signedOn?: string | null;
  effective: string;
  endDate?: string | null;
  refresherCadenceDays?: number;
  holdRule?: HoldRule;
  civilHoldsForbidden?: boolean;
  facilityCodes?: string[];
  areaJurisdictions?: string[];
  igsaFacilityCodes?: string[];
  narrowedActions?: string[];
  clauses?: Clause[];
}

export type Terms = Omit<MoaVersion, 'agencyId' | 'moaId' | 'version' | 'status' | 'endedAt'>;

export function parseTerms(input: MoaTermsInput): Result<Terms> {
  for (const m of input.models) {
    if (!MODELS.includes(m))
      return fail('invalid_input', `Unknown model ${m}.`, { where: { field: 'models' } });
  }
  for (const [field, value] of [
    ['effective', input.effective],
    ['signedOn', input.signedOn],
    ['endDate', input.endDate],
  ] as const) {
    if (value != null && !isIsoDate(value))
      return fail('invalid_input', `${field} must be a date written YYYY-MM-DD.`, { where: { field } });
  }
  const terms: Terms = {
    models: input.models,
    signedOn: input.signedOn ?? null,
    effective: input.effective,
    endDate: input.endDate ?? null,
    refresherCadenceDays: input.refresherCadenceDays ?? DEFAULT_REFRESHER_CADENCE_DAYS,
    holdRule: input.holdRule ?? 'plain_48h',
    civilHoldsForbidden: input.civilHoldsForbidden ?? false,
    facilityCodes: input.facilityCodes ?? [],
    areaJurisdictions: input.areaJurisdictions ?? [],
    igsaFacilityCodes: input.igsaFacilityCodes ?? [],
    narrowedActions: input.narrowedActions ?? [],
    clauses: input.clauses ?? [],
  };
  const problems = checkTerms(terms);
  if (problems.length > 0) {
    const first = problems[0]!;
    return fail('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), {
      where: { field: first.field },
    });
  }
  return ok(terms);
}
