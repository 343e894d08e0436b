/**
 * ICE assumes custody on an effective detainer, at or after the release moment and before the
 * hold ends (the I-286 Notice of Custody Determination is served and the I-203 given to the
 * receiving facility). After 48 hours there is nothing left to assume: the person was to be released.
 */
import { z } from 'zod';
import { describeIssue } from '../../authority/scenario.ts';
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import * as casework from '../../store/casework.ts';
import type { Deps } from '../deps.ts';
import { caseStep } from './case-step.ts';
import { formSubject, signerOf } from './documents.ts';

const schema = z.strictObject({
  receivingFacility: z.strictObject({
    name: z.string().trim().min(1).max(200),
    address: z.string().trim().min(1).max(300),
  }),
  determination: z.enum(['detain', 'release_on_recognizance', 'release_on_conditions']).default('detain'),
});

export async function assumeCustody(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: unknown,
): Promise<Result<{ caseId: string; status: string }>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const c = parsed.data;
  return caseStep(deps, actor, caseId, {
    action: 'assume_custody',
    step: 'assume_custody',
    decide: async (ctx, at) => {
      if (ctx.kase.holdEndsAt && at >= ctx.kase.holdEndsAt)
        return fail(
          'conflict',
          `The hold ended at ${ctx.kase.holdEndsAt.toISOString()}; the person was to be released then and the hold cannot be extended.`,
          { ruleId: 'hold.48-hour-limit', citation: '8 CFR 287.7(d); Form I-247A box 1' },
        );
      const signer = await signerOf(deps.db, actor);
      const subject = formSubject(ctx);
      const on = at.toISOString().slice(0, 10);
      const custody = {
        at: at.toISOString(),
        by: actor.id,
        i286Served: true,
        i203Issued: true,
        receivingFacility: c.receivingFacility.name,
      };
      return ok({
        patch: {
          status: 'closed',
          outcome: 'ice_assumed_custody',
          outcomeReason: `Transferred to ${c.receivingFacility.name}`,
          closedAt: at,
          record: { ...ctx.kase.record, custody },
        },
        event: {
          type: 'case.custody_assumed',
          summary: `ICE assumed custody; I-286 served and I-203 issued to ${c.receivingFacility.name}`,
          data: {
            heldHours: ctx.kase.holdStartedAt
              ? Math.round(((at.getTime() - ctx.kase.holdStartedAt.getTime()) / 3_600_000) * 10) / 10
              : 0,
          },
        },
        cancelTimers: true,
        closeTasks: { kinds: ['mandatory_release'], resolution: { custody: 'ice' } },
        documents: [
          {
            form: 'I-286',
            data: {
              subject,
              determination: c.determination,
              authority: 'INA §236; 8 CFR 236.1',
              iceOfficer: signer,
              determinedOn: on,
            },
          },
          {
            form: 'I-203',
            data: {
              subject,
              order: c.determination === 'detain' ? 'detain' : 'release',
              receivingFacility: c.receivingFacility,
              iceOfficer: signer,
              orderedOn: on,
            },
          },
        ],
        notices: [
          {
            recipientRole: 'lea_admin',
            kind: 'custody_assumed',
            subject: `ICE assumed custody on case ${ctx.kase.caseNumber}`,
            body: `Transfer to ${c.receivingFacility.name}.`,
          },
        ],
        alsoWrite: async (tx) => {
          if (ctx.booking) await casework.updateBooking(tx, ctx.booking.bookingId, { leftCustodyAt: at });
        },
      });
    },
  });
}
