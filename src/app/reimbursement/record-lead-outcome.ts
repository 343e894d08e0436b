/**
 * ICE records the outcome of a lead it identified and gave to a TFM officer: located or not
 * located. The lead belongs to the quarter of the day it was assigned. Only a trained TFM
 * officer (terms file: certified, authorized or suspended after authorization) may be
 * recorded, so the quarter's award follows from the stored outcomes alone. A lead is recorded
 * once: ICE's lead id, when sent, makes a repeat a conflict.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../domain/actor.ts';
import { isIsoDate, isoDate } from '../../domain/clock.ts';
import {
  isTrainedOfficer,
  LEAD_OUTCOMES,
  type LeadOutcome,
  quarterOfDate,
  TERMS_CITATION,
  termsForQuarter,
} from '../../domain/reimbursement.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import * as officers from '../../store/officers.ts';
import * as store from '../../store/reimbursement.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export interface RecordLeadInput {
  officerId: string;
  /** ICE's identifier of the lead, when it has one; otherwise one is assigned. */
  leadId?: string | undefined;
  assignedOn: string;
  outcome: LeadOutcome;
}

export interface RecordedLead {
  leadId: string;
  agencyId: string;
  officerId: string;
  quarter: string;
  outcome: LeadOutcome;
}

export async function recordLeadOutcome(
  deps: Deps,
  actor: Actor,
  input: RecordLeadInput,
): Promise<Result<RecordedLead>> {
  const officer = await officers.findOfficer(deps.db, input.officerId);
  if (!officer) return fail('not_found', 'No officer has that id.');
  const denied = await guard(deps, actor, 'lead.record', {
    type: 'officer',
    id: officer.officerId,
    agencyId: officer.agencyId,
  });
  if (denied) return denied;
  if (!LEAD_OUTCOMES.includes(input.outcome))
    return fail('invalid_input', `outcome must be one of ${LEAD_OUTCOMES.join(', ')}.`, {
      where: { field: 'outcome' },
    });
  const now = deps.clock.now();
  if (!isIsoDate(input.assignedOn) || input.assignedOn > isoDate(now))
    return fail('invalid_input', 'assignedOn must be a date written YYYY-MM-DD, not after today.', {
      where: { field: 'assignedOn' },
    });
  const quarter = quarterOfDate(input.assignedOn);
  const terms = termsForQuarter(quarter);
  if (!terms)
    return fail(
      'conflict',
      `No reimbursement terms were in force in ${quarter}; leads count from 2025-10-01.`,
      {
        ruleId: 'reimbursement.terms_not_in_force',
        citation: TERMS_CITATION,
      },
    );
  if (!isTrainedOfficer(terms, officer))
    return fail(
      'conflict',
      `Leads are recorded for trained Task Force Model officers only; this officer is ${officer.model}, ${officer.stage.replace('_', ' ')}.`,
      { ruleId: 'reimbursement.officer_not_trained', citation: TERMS_CITATION },
    );
  const leadId = input.leadId ?? uuidv7();
  const recorded = await deps.db.transaction().execute(async (tx) => {
    const inserted = await store.insertLead(
      tx,
      {
        leadId,
        agencyId: officer.agencyId,
        officerId: officer.officerId,
        quarter,
        assignedOn: input.assignedOn,
        outcome: input.outcome,
        by: actor.id,
      },
      now,
    );
    if (!inserted) return null;
    return appendAudit(tx, actor, now, {
      type: 'lead.outcome_recorded',
      resource: { type: 'lead', id: leadId },
      data: {
        agencyId: officer.agencyId,
        officerId: officer.officerId,
        quarter,
        assignedOn: input.assignedOn,
        outcome: input.outcome,
      },
    });
  });
  if (recorded === null)
    return fail('conflict', 'The outcome of this lead is already recorded.', { where: { field: 'leadId' } });
  return ok(
    { leadId, agencyId: officer.agencyId, officerId: officer.officerId, quarter, outcome: input.outcome },
    recorded,
  );
}
