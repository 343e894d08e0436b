/** Acknowledges a received complaint (the complainant is told it is being handled, when a contact was given). */
import type { Actor } from '../../domain/actor.ts';
import { ok } from '../../domain/result.ts';
import * as oversight from '../../store/oversight.ts';
import type { Deps } from '../deps.ts';
import { complaintStep } from './complaint-step.ts';

export function acknowledgeComplaint(
  deps: Deps,
  actor: Actor,
  complaintId: string,
  input: { note?: string | undefined },
) {
  return complaintStep(deps, actor, complaintId, 'acknowledge', async (complaint) =>
    ok(async (tx, at) => {
      await oversight.updateComplaint(tx, complaintId, { status: 'acknowledged', acknowledged_at: at }, at);
      const contactable = Boolean(complaint.contact.email || complaint.contact.phone);
      return {
        event: 'complaint.acknowledged' as const,
        note: input.note?.trim() || null,
        data: { contactable },
      };
    }),
  );
}
