/**
 * Records a TFM reimbursement claim (salary and benefits, overtime, equipment or a vehicle)
 * and decides it against the terms in force for its quarter, using the agency's accepted
 * claims as stored. A malformed claim (no officer, no salary for overtime, a quarter not yet
 * begun) is invalid input and nothing is written. A well-formed claim the terms refuse (over a
 * cap, an officer who is not a trained TFM officer, a quarter before 2025-10-01) is stored as
 * refused with its reason and audited, and the answer is a conflict (409) carrying the reason,
 * the rule and the stored claim's id; an accepted claim is stored and audited and answered 201.
 * The caps are checked inside the transaction that writes, with the agency's claims locked.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../domain/actor.ts';
import { isoDate } from '../../domain/clock.ts';
import { UUID } from '../../domain/ids.ts';
import {
  type ClaimInput,
  type ClaimKind,
  type ClaimRefusal,
  checkClaim,
  claimInputProblem,
  quarterOfDate,
  REIMBURSEMENT_TERMS,
  TERMS_CITATION,
  termsForQuarter,
} from '../../domain/reimbursement.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import * as officers from '../../store/officers.ts';
import * as registry from '../../store/registry.ts';
import * as store from '../../store/reimbursement.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export interface RecordClaimInput {
  /** Defaults to the signed-in coordinator's agency. */
  agencyId?: string | undefined;
  officerId?: string | null | undefined;
  quarter: string;
  kind: ClaimKind;
  amountCents: number;
  annualSalaryCents?: number | null | undefined;
  description: string;
}

export interface RecordedClaim {
  claimId: string;
  agencyId: string;
  status: 'accepted';
  termsVersion: string;
}

export async function recordClaim(
  deps: Deps,
  actor: Actor,
  input: RecordClaimInput,
): Promise<Result<RecordedClaim>> {
  const agencyId = input.agencyId ?? (actor.kind === 'user' ? actor.agencyId : null);
  if (!agencyId) {
    const denied = await guard(deps, actor, 'reimbursement.claim');
    if (denied) return denied;
    return fail('invalid_input', 'agencyId is required: name the agency the claim is for.', {
      where: { field: 'agencyId' },
    });
  }
  const denied = await guard(deps, actor, 'reimbursement.claim', { type: 'agency', id: agencyId, agencyId });
  if (denied) return denied;
  if (!UUID.test(agencyId) || !(await registry.findAgency(deps.db, agencyId)))
    return fail('not_found', 'No agency has that id.');

  const claim: ClaimInput = {
    kind: input.kind,
    quarter: input.quarter,
    officerId: input.officerId ?? null,
    amountCents: input.amountCents,
    annualSalaryCents: input.annualSalaryCents ?? null,
  };
  const now = deps.clock.now();
  const problem = claimInputProblem(claim, quarterOfDate(isoDate(now)));
  if (problem) return fail('invalid_input', problem.message, { where: { field: problem.field } });
  const description = input.description.trim();
  if (!description || description.length > 1000)
    return fail('invalid_input', 'description must say what the claim is for (1 to 1000 characters).', {
      where: { field: 'description' },
    });
  const officer = claim.officerId ? await officers.findOfficer(deps.db, claim.officerId) : null;
  if (claim.officerId && (!officer || officer.agencyId !== agencyId))
    return fail('invalid_input', 'officerId is not an officer of this agency.', {
      where: { field: 'officerId' },
    });

  const terms = termsForQuarter(claim.quarter);
  // A claim before any terms is recorded under the first version, the terms that refuse it.
  const termsVersion = (terms ?? REIMBURSEMENT_TERMS[0]!).version;
  const claimId = uuidv7();
  const decided = await deps.db.transaction().execute(async (tx) => {
    await store.lockAgencyClaims(tx, agencyId);
    const accepted = terms
      ? (await store.claimsOf(tx, [agencyId], terms.version)).filter((c) => c.status === 'accepted')
      : [];
    const refusal: ClaimRefusal | null = checkClaim(terms, claim, officer, accepted);
    await store.insertClaim(
      tx,
      {
        claimId,
        agencyId,
        officerId: claim.officerId,
        quarter: claim.quarter,
        kind: claim.kind,
        amountCents: claim.amountCents,
        annualSalaryCents: claim.annualSalaryCents,
        description,
        status: refusal ? 'refused' : 'accepted',
        refusalReason: refusal?.reason ?? null,
        termsVersion,
        by: actor.id,
      },
      now,
    );
    const auditId = await appendAudit(tx, actor, now, {
      type: refusal ? 'reimbursement.claim_refused' : 'reimbursement.claim_recorded',
      resource: { type: 'reimbursement_claim', id: claimId },
      data: {
        agencyId,
        officerId: claim.officerId,
        quarter: claim.quarter,
        kind: claim.kind,
        amountCents: claim.amountCents,
        annualSalaryCents: claim.annualSalaryCents,
        termsVersion,
        status: refusal ? 'refused' : 'accepted',
        ruleId: refusal?.ruleId ?? null,
        reason: refusal?.reason ?? null,
      },
    });
    return { refusal, auditId };
  });
  if (decided.refusal) {
    return fail(
      'conflict',
      decided.refusal.reason,
      { ruleId: decided.refusal.ruleId, citation: TERMS_CITATION, where: { field: 'amountCents', claimId } },
      decided.auditId,
    );
  }
  return ok({ claimId, agencyId, status: 'accepted', termsVersion }, decided.auditId);
}
