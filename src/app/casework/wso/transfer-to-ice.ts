/**
 * ICE assumes custody of the person a WSO arrested on its warrant: the I-203 (Order to Detain
 * or Release Alien) is given to the receiving facility and stored, the person leaves the
 * facility's custody, and the case closes `transferred_to_ice`. After the 48-hour custody clock
 * has ended there is nothing to transfer: the person was to be released then.
 */
import { z } from 'zod';
import { describeIssue } from '../../../authority/scenario.ts';
import type { Actor } from '../../../domain/actor.ts';
import { fail, ok, type Result } from '../../../domain/result.ts';
import * as casework from '../../../store/casework.ts';
import type { Deps } from '../../deps.ts';
import { caseStep } from '../case-step.ts';
import { formSubject, signerOf } from '../documents.ts';
import { hoursBetween } from './custody-clock.ts';

const schema = z.strictObject({
  receivingFacility: z.strictObject({
    name: z.string().trim().min(1).max(200),
    address: z.string().trim().min(1).max(300),
  }),
});

export async function transferToIce(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: unknown,
): Promise<Result<{ caseId: string; status: string }>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const { receivingFacility } = parsed.data;
  return caseStep(deps, actor, caseId, {
    action: 'assume_custody',
    step: 'transfer_to_ice',
    decide: async (ctx, at) => {
      const { kase } = ctx;
      const warrant = kase.record.wsoWarrant;
      if (!warrant?.served)
        return fail('conflict', 'ICE assumes custody after the warrant has been served.', {
          ruleId: 'wso.transfer-needs-service',
        });
      if (kase.holdEndsAt && at >= kase.holdEndsAt)
        return fail(
          'conflict',
          `ICE's time to assume custody ended at ${kase.holdEndsAt.toISOString()}; the person was to be released then and the custody cannot be extended.`,
          { ruleId: 'wso.custody-48-hour-limit', citation: '8 CFR 287.7(d); WSO-DEFAULT:custody-48-hours' },
        );
      const signer = await signerOf(deps.db, actor);
      const heldHours = hoursBetween(new Date(warrant.served.at), at);
      return ok({
        patch: {
          status: 'closed',
          outcome: 'transferred_to_ice',
          outcomeReason: `Transferred to ${receivingFacility.name}`,
          closedAt: at,
          record: {
            ...kase.record,
            wsoWarrant: {
              ...warrant,
              transfer: { at: at.toISOString(), by: actor.id, receivingFacility: receivingFacility.name },
            },
          },
        },
        event: {
          type: 'case.transferred_to_ice',
          summary: `ICE assumed custody ${heldHours} hours after service; I-203 issued to ${receivingFacility.name}`,
          data: { heldHours, igsa: warrant.igsa === true, receivingFacility: receivingFacility.name },
        },
        cancelTimers: true,
        closeTasks: { kinds: ['mandatory_release'], resolution: { custody: 'ice' } },
        documents: [
          {
            form: 'I-203',
            data: {
              subject: formSubject(ctx),
              order: 'detain',
              receivingFacility,
              iceOfficer: signer,
              orderedOn: at.toISOString().slice(0, 10),
            },
          },
        ],
        notices: [
          {
            recipientRole: 'lea_admin',
            kind: 'wso_transferred',
            subject: `ICE assumed custody on case ${kase.caseNumber}`,
            body: `Transfer to ${receivingFacility.name}; the I-203 is on the case.`,
          },
        ],
        alsoWrite: async (tx) => {
          if (ctx.booking) await casework.updateBooking(tx, ctx.booking.bookingId, { leftCustodyAt: at });
        },
      });
    },
  });
}
