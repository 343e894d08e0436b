/**
 * The demo's TFM reimbursement for the current quarter (relative to the injected clock), for
 * the demo agency's Task Force Model officers: claims of each kind for the authorized officer,
 * a vehicle for the agency, two claims the terms refuse (overtime over 25 % of the salary; a
 * salary claim for the officer still in training), and ten ICE-identified leads, nine located
 * (90 %: the top award tier). Everything goes through the use cases a user would call; a
 * second call for the same quarter changes nothing.
 *
 * Expected statement: accepted claims $70,450.00 (salary and benefits $21,250.00, overtime
 * $4,000.00, equipment $3,200.00, vehicle $42,000.00), 2 refused, award $1,000.00, total
 * $71,450.00.
 */
import type { Actor } from '../../domain/actor.ts';
import { isoDate } from '../../domain/clock.ts';
import { quarterBounds, quarterOfDate, termsForQuarter } from '../../domain/reimbursement.ts';
import { ok, type Result } from '../../domain/result.ts';
import * as officers from '../../store/officers.ts';
import * as reimbursement from '../../store/reimbursement.ts';
import type { Deps } from '../deps.ts';
import { recordClaim } from '../reimbursement/record-claim.ts';
import { recordLeadOutcome } from '../reimbursement/record-lead-outcome.ts';

const DAY = 86_400_000;
export const DEMO_TFM_OFFICER = 'Sam Whitlock (demo)';
export const DEMO_TFM_TRAINEE = 'Jordan Ames (demo)';
const ANNUAL_SALARY_CENTS = 8_500_000; // $85,000.00: overtime cap $21,250.00

export async function seedDemoReimbursement(
  deps: Deps,
  actor: Actor,
  agencyId: string,
): Promise<Result<{ claims: number; leads: number }>> {
  const today = isoDate(deps.clock.now());
  const quarter = quarterOfDate(today);
  const { from } = quarterBounds(quarter);
  const terms = termsForQuarter(quarter);
  if (!terms) return ok({ claims: 0, leads: 0 });
  // Once per quarter: a second call changes nothing.
  const existing = await reimbursement.claimsOf(deps.db, [agencyId], terms.version);
  if (existing.some((c) => c.quarter === quarter)) return ok({ claims: 0, leads: 0 });
  const roster = await officers.listOfficers(deps.db, agencyId);
  const officer = roster.find((o) => o.displayName === DEMO_TFM_OFFICER && o.model === 'TFM');
  const trainee = roster.find((o) => o.displayName === DEMO_TFM_TRAINEE && o.model === 'TFM');
  // Without the demo's authorized TFM officer there is nothing to seed.
  if (!officer) return ok({ claims: 0, leads: 0 });

  const claims = [
    {
      officerId: officer.officerId,
      kind: 'salary_benefits' as const,
      amountCents: 2_125_000,
      description: 'Salary and benefits for the quarter (synthetic)',
    },
    {
      officerId: officer.officerId,
      kind: 'overtime' as const,
      amountCents: 400_000,
      annualSalaryCents: ANNUAL_SALARY_CENTS,
      description: 'Overtime on task force operations (synthetic)',
    },
    {
      officerId: officer.officerId,
      kind: 'equipment' as const,
      amountCents: 320_000,
      description: 'Laptop and telephone with service (synthetic)',
    },
    {
      officerId: null,
      kind: 'vehicle' as const,
      amountCents: 4_200_000,
      description: 'Unmarked sedan (synthetic)',
    },
  ];
  const refused = [
    {
      officerId: officer.officerId,
      kind: 'overtime' as const,
      amountCents: 1_800_000,
      annualSalaryCents: ANNUAL_SALARY_CENTS,
      description: 'Further overtime, above the cap (synthetic)',
    },
    ...(trainee
      ? [
          {
            officerId: trainee.officerId,
            kind: 'salary_benefits' as const,
            amountCents: 1_900_000,
            description: 'Salary during basic training (synthetic)',
          },
        ]
      : []),
  ];
  for (const c of claims) {
    const r = await recordClaim(deps, actor, { agencyId, quarter, ...c });
    if (!r.ok) return r;
  }
  for (const c of refused) {
    const r = await recordClaim(deps, actor, { agencyId, quarter, ...c });
    if (r.ok || r.error.code !== 'conflict') return r.ok ? demoError('a refused claim was accepted') : r;
  }
  const leads = 10;
  const start = new Date(`${from}T00:00:00Z`).getTime();
  for (let i = 0; i < leads; i++) {
    const day = isoDate(new Date(Math.min(start + i * 7 * DAY, deps.clock.now().getTime())));
    const r = await recordLeadOutcome(deps, actor, {
      officerId: officer.officerId,
      assignedOn: day,
      outcome: i === 4 ? 'not_located' : 'located',
    });
    if (!r.ok) return r;
  }
  return ok({ claims: claims.length + refused.length, leads });
}

const demoError = <T>(message: string): Result<T> => ({
  ok: false,
  error: { code: 'conflict', userMessage: `demo seed: ${message}` },
});
